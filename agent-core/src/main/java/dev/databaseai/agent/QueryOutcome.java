package dev.databaseai.agent;

import dev.databaseai.agent.analysis.Diagnosis;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of running one statement: rows, or the diagnosis of why not.
 *
 * @param sql the statement as run
 * @param result the rows, when it ran
 * @param error the diagnosis, when the database rejected it or the guard refused it
 * @param refused whether the guard refused it before it reached the database (category {@code
 *     READ_ONLY_VIOLATION})
 */
public record QueryOutcome(
    String sql, Optional<QueryResult> result, Optional<Diagnosis> error, boolean refused) {

  public QueryOutcome {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(error, "error");
    if (result.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("an outcome has either a result or an error");
    }
  }

  static QueryOutcome success(String sql, QueryResult result) {
    return new QueryOutcome(sql, Optional.of(result), Optional.empty(), false);
  }

  static QueryOutcome failure(String sql, Diagnosis error, boolean refused) {
    return new QueryOutcome(sql, Optional.empty(), Optional.of(error), refused);
  }

  /** Whether the statement ran. */
  public boolean isSuccess() {
    return result.isPresent();
  }
}
