package dev.databaseai.agent;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The rows a statement returned.
 *
 * @param columns name and database type of each column, in order
 * @param rows the rows, each a list of values in column order ({@code null} for SQL NULL); numbers,
 *     strings, booleans, {@code java.time} values, lists for arrays, text for the rest
 * @param rowCount the number of rows returned ({@code rows.size()})
 * @param truncated whether the database had more rows than the row cap
 * @param elapsedMs execution and fetch time
 */
public record QueryResult(
    List<Column> columns,
    List<List<Object>> rows,
    int rowCount,
    boolean truncated,
    long elapsedMs) {

  /**
   * A result column.
   *
   * @param name the column label
   * @param type the database's type name, e.g. {@code int4}, {@code VARCHAR}
   */
  public record Column(String name, String type) {
    public Column {
      Objects.requireNonNull(name, "name");
      type = type == null ? "" : type;
    }
  }

  public QueryResult {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }
}
