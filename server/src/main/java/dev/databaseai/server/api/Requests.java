package dev.databaseai.server.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The request bodies of the v1 API, for the OpenAPI document. Controllers read bodies with {@link
 * JsonBody} so that every missing field and wrong type gets a 400 naming the field.
 */
public final class Requests {

  private Requests() {}

  /** {@code POST /api/v1/sessions}: either {@code database} or {@code jdbcUrl}. */
  @Serdeable
  @Schema(description = "Either {\"database\":\"demo\"} or a JDBC URL with optional credentials")
  public record CreateSession(
      @Nullable
          @Schema(
              description = "a bundled database",
              allowableValues = {"demo"})
          String database,
      @Nullable
          @Schema(
              description = "jdbc:postgresql://…, jdbc:mysql://… or jdbc:mariadb://…",
              example = "jdbc:postgresql://db.internal:5432/sales")
          String jdbcUrl,
      @Nullable @Schema(description = "database user", example = "reader") String username,
      @Nullable @Schema(description = "the user's password; never shown again", format = "password")
          String password) {}

  /** {@code POST /api/v1/sessions/{id}/sql}. */
  @Serdeable
  public record RunSql(
      @Schema(description = "one read-only statement", example = "SELECT hostname FROM device")
          String sql) {}

  /** {@code POST /api/v1/sessions/{id}/ask}. */
  @Serdeable
  public record Ask(
      @Schema(
              description = "the question in plain language",
              example = "Which devices are offline?")
          String question,
      @Nullable
          @Schema(
              description = "repair attempts after a failed query, 0-10 (default 3)",
              minimum = "0",
              maximum = "10")
          Integer maxRetries) {}

  /** {@code POST /api/v1/sessions/{id}/context}. */
  @Serdeable
  public record Context(
      @Schema(
              description = "the question in plain language",
              example = "Which devices are offline?")
          String question) {}
}
