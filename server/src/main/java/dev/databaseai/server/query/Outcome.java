package dev.databaseai.server.query;

import dev.databaseai.agent.QueryResult;
import dev.databaseai.agent.analysis.Diagnosis;
import java.util.List;

/**
 * What running one statement for a user came to: rows, a diagnosed database error, or a refusal.
 */
public sealed interface Outcome {

  /** A column of a result: its label and the database's type name. */
  record ResultColumn(String name, String type) {}

  /**
   * The rows of a successful query, values already in JSON-friendly form.
   *
   * @param truncated more rows existed than the row cap allowed
   */
  record Rows(
      List<ResultColumn> columns,
      List<List<Object>> rows,
      int rowCount,
      boolean truncated,
      long elapsedMs)
      implements Outcome {
    public Rows {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }

    /** The agent's result with every value in the form {@link JsonValues#of} gives it. */
    public static Rows of(QueryResult result) {
      return new Rows(
          result.columns().stream().map(c -> new ResultColumn(c.name(), c.type())).toList(),
          result.rows().stream().map(row -> row.stream().map(JsonValues::of).toList()).toList(),
          result.rowCount(),
          result.truncated(),
          result.elapsedMs());
    }
  }

  /** The database rejected the statement; the diagnosis says why and what fits instead. */
  record Failed(Diagnosis diagnosis, long elapsedMs) implements Outcome {}

  /**
   * The statement was refused before it reached the database (not read-only, several statements…).
   */
  record Refused(String reason, String sql) implements Outcome {}
}
