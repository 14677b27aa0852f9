package dev.databaseai.agent.execution;

import java.util.List;

/**
 * A text filter that matched nothing, and the column's actual values closest to its literal.
 *
 * @param table the qualified table name
 * @param column the column compared
 * @param literal the literal the query used
 * @param nearest actual values, closest first
 * @param queryTables the tables the query reads (qualified names)
 */
public record ValueHint(
    String table, String column, String literal, List<String> nearest, List<String> queryTables) {

  public ValueHint {
    nearest = List.copyOf(nearest);
    queryTables = List.copyOf(queryTables);
  }
}
