package dev.databaseai.server.api;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A request body read as a JSON object, with accessors that turn a missing field or a wrong type
 * into a 400 naming the field, what was found, and what is expected.
 */
public final class JsonBody {

  private final JsonNode root;

  private JsonBody(JsonNode root) {
    this.root = root;
  }

  /**
   * Parses {@code body}, which must be one JSON object in UTF-8. Invalid UTF-8 is refused rather
   * than replaced, so that no substituted character reaches the database or the model.
   *
   * @param example a valid body, quoted in the error message
   * @throws ApiException 400 for an empty body, invalid UTF-8, malformed JSON or a non-object
   */
  public static JsonBody parse(JsonMapper mapper, byte[] body, String example) {
    return parse(mapper, body == null ? null : strictUtf8(body, example), example);
  }

  private static JsonBody parse(JsonMapper mapper, String body, String example) {
    if (body == null || body.isBlank()) {
      throw ApiException.badRequest(
          null, "The request body is empty; send a JSON object such as " + example);
    }
    JsonNode node;
    try {
      node = mapper.readValue(body, JsonNode.class);
    } catch (IOException | RuntimeException e) {
      throw ApiException.badRequest(
          null,
          "The request body is not valid JSON ("
              + firstLine(e.getMessage())
              + "); send a JSON object such as "
              + example);
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest(
          null, "The request body must be a JSON object such as " + example);
    }
    return new JsonBody(node);
  }

  private static String strictUtf8(byte[] body, String example) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(body);
    try {
      return decoder.decode(in).toString();
    } catch (CharacterCodingException e) {
      throw ApiException.badRequest(
          null,
          "The request body is not valid UTF-8 (bad byte at offset "
              + in.position()
              + "); send a UTF-8 JSON object such as "
              + example);
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    String line = message.lines().findFirst().orElse(message);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  /** Whether the field is present and not null. */
  public boolean has(String field) {
    JsonNode value = root.get(field);
    return value != null && !value.isNull();
  }

  /**
   * The non-blank string {@code field}.
   *
   * @throws ApiException 400 when it is missing, not a string, or blank
   */
  public String requireText(String field, String meaning) {
    return optionalText(field, meaning)
        .filter(s -> !s.isBlank())
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    field,
                    "Field '" + field + "' is required: " + meaning + " (a non-empty string)"));
  }

  /**
   * The string {@code field}, if present.
   *
   * @throws ApiException 400 when it is present but not a string
   */
  public Optional<String> optionalText(String field, String meaning) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isString()) {
      throw ApiException.badRequest(
          field,
          "Field '" + field + "' must be a string (" + meaning + "), but was " + describe(value));
    }
    return Optional.of(value.getStringValue());
  }

  /**
   * The whole number {@code field}, if present, within {@code [min, max]}.
   *
   * @throws ApiException 400 when it is not a whole number or out of range
   */
  public Optional<Integer> optionalInt(String field, int min, int max, String meaning) {
    JsonNode value = root.get(field);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isNumber()
        || value.getNumberValue().doubleValue()
            != Math.rint(value.getNumberValue().doubleValue())) {
      throw ApiException.badRequest(
          field,
          "Field '"
              + field
              + "' must be a whole number ("
              + meaning
              + "), but was "
              + describe(value));
    }
    long n = value.getNumberValue().longValue();
    if (n < min || n > max) {
      throw ApiException.badRequest(
          field,
          "Field '"
              + field
              + "' must be between "
              + min
              + " and "
              + max
              + " ("
              + meaning
              + "), but was "
              + n);
    }
    return Optional.of((int) n);
  }

  private static String describe(JsonNode value) {
    if (value.isString()) {
      return "a string";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isObject()) {
      return "an object";
    }
    return "null";
  }
}
