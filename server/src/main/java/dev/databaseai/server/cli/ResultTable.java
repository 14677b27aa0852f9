package dev.databaseai.server.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rows a query returned, as the CLI prints and compares them.
 *
 * @param columns the result columns in order
 * @param rows the rows; each has one value per column, values may be null
 * @param rowCount the number of rows returned
 * @param truncated whether the row cap cut the result short
 * @param elapsedMs how long the statement took
 */
public record ResultTable(
    List<ResultColumn> columns,
    List<List<Object>> rows,
    long rowCount,
    boolean truncated,
    long elapsedMs) {

  public ResultTable {
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>(rows.size());
    for (List<Object> row : rows) {
      // Rows may hold SQL NULLs, which List.copyOf refuses.
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = Collections.unmodifiableList(copy);
  }

  /** The column names in order. */
  public List<String> columnNames() {
    return columns.stream().map(ResultColumn::name).toList();
  }
}
