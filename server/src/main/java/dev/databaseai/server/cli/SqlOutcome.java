package dev.databaseai.server.cli;

import java.util.Objects;
import java.util.Optional;

/**
 * What running one statement gave: rows, or the error that stopped it (exactly one is present).
 *
 * @param result the rows when the statement ran
 * @param error the diagnosis when the database or the guard refused it
 */
public record SqlOutcome(Optional<ResultTable> result, Optional<QueryError> error) {

  public SqlOutcome {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(error, "error");
    if (result.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("exactly one of result and error must be present");
    }
  }

  public static SqlOutcome ok(ResultTable result) {
    return new SqlOutcome(Optional.of(result), Optional.empty());
  }

  public static SqlOutcome failed(QueryError error) {
    return new SqlOutcome(Optional.empty(), Optional.of(error));
  }
}
