package dev.databaseai.server.cli;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's answer to a question.
 *
 * @param sql the final SQL (the last attempt's), or empty when the model proposed none
 * @param result the rows when an attempt succeeded
 * @param attempts every try in order
 * @param provider the LLM provider id
 * @param model the model name
 * @param elapsedMs the whole question's time
 */
public record AskOutcome(
    String sql,
    Optional<ResultTable> result,
    List<AskAttempt> attempts,
    String provider,
    String model,
    long elapsedMs) {

  public AskOutcome {
    sql = sql == null ? "" : sql;
    Objects.requireNonNull(result, "result");
    attempts = List.copyOf(attempts);
    provider = provider == null ? "" : provider;
    model = model == null ? "" : model;
  }

  /** Whether an attempt returned rows. */
  public boolean succeeded() {
    return result.isPresent();
  }

  /** The last attempt's diagnosis, if the last attempt failed. */
  public Optional<QueryError> lastError() {
    return attempts.isEmpty() ? Optional.empty() : attempts.get(attempts.size() - 1).error();
  }
}
