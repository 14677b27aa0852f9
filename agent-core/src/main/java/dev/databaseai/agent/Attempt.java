package dev.databaseai.agent;

import dev.databaseai.agent.analysis.Diagnosis;
import java.util.Objects;
import java.util.Optional;

/**
 * One try of the agent: the SQL the model proposed and what happened to it.
 *
 * @param sql the statement (empty when the model gave none or the request failed)
 * @param error what was wrong — a database error, a refusal, an unusable answer, a context
 *     overflow, or an empty result with value hints; empty when this attempt is the answer
 * @param promptTokens the tokens of the request that produced it
 * @param elapsedMs model time plus execution time
 */
public record Attempt(String sql, Optional<Diagnosis> error, int promptTokens, long elapsedMs) {

  public Attempt {
    sql = sql == null ? "" : sql;
    Objects.requireNonNull(error, "error");
  }
}
