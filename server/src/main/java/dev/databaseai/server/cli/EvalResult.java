package dev.databaseai.server.cli;

import java.util.Objects;
import java.util.Optional;

/**
 * What one question of an evaluation gave.
 *
 * @param id the question's id
 * @param question the question
 * @param success whether an attempt returned rows
 * @param attempts how many attempts the agent made
 * @param rows rows in the answer (0 when it failed)
 * @param elapsedMs the question's wall time
 * @param sql the final SQL
 * @param error the last diagnosis or failure when unsuccessful, else empty
 * @param correct whether the rows equal the gold SQL's (empty when there is no gold SQL or it
 *     failed)
 * @param detail why the rows differ, or why they could not be compared; else empty
 */
public record EvalResult(
    String id,
    String question,
    boolean success,
    int attempts,
    long rows,
    long elapsedMs,
    String sql,
    String error,
    Optional<Boolean> correct,
    String detail) {

  public EvalResult {
    Objects.requireNonNull(id, "id");
    sql = sql == null ? "" : sql;
    error = error == null ? "" : error;
    Objects.requireNonNull(correct, "correct");
    detail = detail == null ? "" : detail;
  }

  /** Attempts beyond the first. */
  public int retries() {
    return Math.max(0, attempts - 1);
  }

  /**
   * Whether this question counts as a failure in reports: no rows, or rows that differ from gold.
   */
  public boolean failed() {
    return !success || correct.filter(c -> !c).isPresent();
  }
}
