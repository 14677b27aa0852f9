package dev.databaseai.server.cli;

import java.util.Objects;
import java.util.Optional;

/**
 * One try of the agent: the SQL it ran and, when the database refused it, the diagnosis.
 *
 * @param sql the statement tried
 * @param error the diagnosis when it failed
 * @param promptTokens the tokens of the prompt that produced it
 * @param elapsedMs model plus database time of this try
 */
public record AskAttempt(String sql, Optional<QueryError> error, int promptTokens, long elapsedMs) {

  public AskAttempt {
    sql = sql == null ? "" : sql;
    Objects.requireNonNull(error, "error");
  }
}
