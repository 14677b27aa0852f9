package dev.databaseai.llm;

import java.util.Objects;

/**
 * A JSON Schema the answer must follow (structured output).
 *
 * @param name a short identifier for the schema, {@code [a-zA-Z0-9_-]+}
 * @param json the JSON Schema document as text
 */
public record ResponseSchema(String name, String json) {

  public ResponseSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(json, "json");
    if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
      throw new IllegalArgumentException(
          "schema name must match [a-zA-Z0-9_-]{1,64}, was '" + name + "'");
    }
  }
}
