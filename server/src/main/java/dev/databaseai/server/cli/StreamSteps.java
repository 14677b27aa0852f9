package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Words for the steps the server streams while it answers a question. */
final class StreamSteps {

  private StreamSteps() {}

  /** Whether an event's data is the final answer (it carries the attempts). */
  static boolean isAnswer(JsonNode data) {
    if (data.has("answer") && data.get("answer").isObject()) {
      return isAnswer(data.get("answer"));
    }
    return data.path("attempts").isArray() && (data.has("result") || data.has("sql"));
  }

  /** One line for the event, or empty for keep-alives. */
  static String describe(String event, JsonNode data) {
    String name = event.toLowerCase(Locale.ROOT);
    int attempt =
        data.path("attempt").isInt()
            ? data.path("attempt").asInt()
            : data.path("attemptNumber").asInt(0);
    String suffix = attempt > 0 ? " (attempt " + attempt + ")" : "";
    JsonNode error = data.has("diagnosis") ? data.get("diagnosis") : data.path("error");
    if (isAnswer(data)) {
      JsonNode answer = data.has("answer") ? data.get("answer") : data;
      JsonNode result = answer.path("result");
      return result.isObject()
          ? "answer: " + result.path("rowCount").asLong(result.path("rows").size()) + " rows"
          : "no attempt succeeded";
    }
    if (name.contains("context")) {
      StringBuilder tables = new StringBuilder();
      for (JsonNode t : data.path("tables")) {
        tables
            .append(tables.length() == 0 ? "" : ", ")
            .append(t.isTextual() ? t.asText() : t.path("name").asText());
      }
      return "schema context: "
          + (tables.length() == 0 ? "chosen" : tables)
          + (data.has("tokens") ? " (" + data.path("tokens").asInt() + " tokens)" : "");
    }
    if (name.equals("failed")) {
      return "no statement worked: " + Json.readError(error).summary();
    }
    if (error.isObject() && (name.contains("error") || name.contains("diagnos"))) {
      return "the database refused it" + suffix + ": " + Json.readError(error).summary();
    }
    if (name.contains("retry") || name.contains("repair")) {
      return "asking the model to fix it" + suffix;
    }
    if (name.contains("exec") || name.contains("run")) {
      return "running the query" + suffix;
    }
    if (data.has("sql") || name.contains("sql") || name.contains("propos")) {
      return "the model proposed SQL"
          + suffix
          + (data.has("sql") ? ": " + oneLine(data.path("sql").asText()) : "");
    }
    if (name.equals("ping")
        || name.equals("heartbeat")
        || name.equals("message") && data.isEmpty()) {
      return "";
    }
    return name.replace('_', ' ').replace('-', ' ');
  }

  private static String oneLine(String sql) {
    String flat = sql.replaceAll("\\s+", " ").strip();
    return flat.length() > 100 ? flat.substring(0, 99) + "…" : flat;
  }
}
