package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON shapes of the v1 API, read into the CLI's records and written back out. Field names
 * follow DESIGN.md's HTTP API table so that {@code --json} output and the server's answers agree.
 */
final class Json {

  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter FRACTION =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  private Json() {}

  /** {@code {"columns":[{"name","type"}],"rows":[[…]],"rowCount","truncated","elapsedMs"}}. */
  static ResultTable readResult(JsonNode node) {
    List<ResultColumn> columns = new ArrayList<>();
    for (JsonNode c : node.path("columns")) {
      columns.add(
          c.isTextual()
              ? new ResultColumn(c.asText(), "")
              : new ResultColumn(c.path("name").asText(), c.path("type").asText("")));
    }
    List<List<Object>> rows = new ArrayList<>();
    for (JsonNode r : node.path("rows")) {
      List<Object> row = new ArrayList<>();
      for (JsonNode v : r) {
        row.add(value(v));
      }
      rows.add(row);
    }
    long rowCount = node.has("rowCount") ? node.path("rowCount").asLong() : rows.size();
    return new ResultTable(
        columns,
        rows,
        rowCount,
        node.path("truncated").asBoolean(false),
        node.path("elapsedMs").asLong(0));
  }

  /** A diagnosis or error object: {@code {"category","message","hint","suggestions"}}. */
  static QueryError readError(JsonNode node) {
    JsonNode e = node.has("error") && node.get("error").isObject() ? node.get("error") : node;
    List<String> suggestions = new ArrayList<>();
    for (JsonNode s : e.path("suggestions")) {
      suggestions.add(s.asText());
    }
    String category = e.path("category").asText(e.path("code").asText("OTHER"));
    String message = e.path("message").asText(e.path("reason").asText(""));
    return new QueryError(category, message, e.path("hint").asText(""), suggestions);
  }

  /**
   * {@code
   * {"sql","result","attempts":[{"sql","error"?,"promptTokens","elapsedMs"}],"provider","model","elapsedMs"}}.
   */
  static AskOutcome readAnswer(JsonNode node) {
    List<AskAttempt> attempts = new ArrayList<>();
    for (JsonNode a : node.path("attempts")) {
      JsonNode error = a.path("error");
      attempts.add(
          new AskAttempt(
              a.path("sql").asText(""),
              error.isObject() ? Optional.of(readError(error)) : Optional.empty(),
              a.path("promptTokens").asInt(0),
              a.path("elapsedMs").asLong(0)));
    }
    JsonNode result = node.path("result");
    return new AskOutcome(
        node.path("sql").asText(""),
        result.isObject() ? Optional.of(readResult(result)) : Optional.empty(),
        attempts,
        node.path("provider").asText(""),
        node.path("model").asText(""),
        node.path("elapsedMs").asLong(0));
  }

  static ObjectNode write(ResultTable table) {
    ObjectNode out = MAPPER.createObjectNode();
    ArrayNode columns = out.putArray("columns");
    for (ResultColumn c : table.columns()) {
      columns.addObject().put("name", c.name()).put("type", c.type());
    }
    ArrayNode rows = out.putArray("rows");
    for (List<Object> row : table.rows()) {
      ArrayNode r = rows.addArray();
      for (Object v : row) {
        r.add(valueNode(v));
      }
    }
    out.put("rowCount", table.rowCount());
    out.put("truncated", table.truncated());
    out.put("elapsedMs", table.elapsedMs());
    return out;
  }

  static ObjectNode write(QueryError error) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("category", error.category());
    out.put("message", error.message());
    if (!error.hint().isEmpty()) {
      out.put("hint", error.hint());
    }
    ArrayNode s = out.putArray("suggestions");
    error.suggestions().forEach(s::add);
    return out;
  }

  static ObjectNode write(AskOutcome answer) {
    ObjectNode out = MAPPER.createObjectNode();
    out.put("sql", answer.sql());
    if (answer.result().isPresent()) {
      out.set("result", write(answer.result().get()));
    } else {
      out.putNull("result");
    }
    ArrayNode attempts = out.putArray("attempts");
    for (AskAttempt a : answer.attempts()) {
      ObjectNode n = attempts.addObject().put("sql", a.sql());
      a.error().ifPresent(e -> n.set("error", write(e)));
      n.put("promptTokens", a.promptTokens()).put("elapsedMs", a.elapsedMs());
    }
    out.put("provider", answer.provider());
    out.put("model", answer.model());
    out.put("elapsedMs", answer.elapsedMs());
    return out;
  }

  /** A JSON value for a cell: numbers stay numbers, dates become ISO text, bytes become hex. */
  static JsonNode valueNode(Object v) {
    if (v == null) {
      return MAPPER.nullNode();
    }
    if (v instanceof Boolean b) {
      return MAPPER.getNodeFactory().booleanNode(b);
    }
    if (v instanceof BigDecimal d) {
      return MAPPER.getNodeFactory().numberNode(d);
    }
    if (v instanceof BigInteger i) {
      return MAPPER.getNodeFactory().numberNode(i);
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return MAPPER.getNodeFactory().numberNode(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      return MAPPER.getNodeFactory().numberNode(((Number) v).doubleValue());
    }
    return MAPPER.getNodeFactory().textNode(text(v));
  }

  /** A cell as text: ISO dates and times, hex for bytes, {@code toString()} otherwise. */
  static String text(Object v) {
    if (v instanceof Timestamp t) {
      return text(t.toLocalDateTime());
    }
    if (v instanceof LocalDateTime t) {
      return t.format(t.getNano() == 0 ? SECONDS : FRACTION);
    }
    if (v instanceof Time t) {
      return t.toLocalTime().toString();
    }
    if (v instanceof TemporalAccessor || v instanceof java.sql.Date) {
      return v.toString();
    }
    if (v instanceof byte[] bytes) {
      StringBuilder sb = new StringBuilder("\\x");
      for (byte b : bytes) {
        sb.append(String.format("%02x", b));
      }
      return sb.toString();
    }
    if (v instanceof java.sql.Array || v instanceof java.sql.Struct) {
      return String.valueOf(v);
    }
    return String.valueOf(v);
  }

  private static Object value(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return null;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isIntegralNumber()) {
      return v.canConvertToLong() ? (Object) v.longValue() : v.bigIntegerValue();
    }
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isTextual()) {
      return v.textValue();
    }
    return v.toString();
  }
}
