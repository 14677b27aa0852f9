package dev.databaseai.agent.execution;

import dev.databaseai.agent.linking.KnownValues;
import dev.databaseai.dialect.SqlSyntax;
import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the labels of small lookup tables ({@code countries.name}, {@code device_types.name}) so
 * that the schema linker finds the table a question names by value ("orders from Germany").
 * Bounded: at most {@code maxTables} narrow tables are read, each with one query limited to {@code
 * maxRows + 1} rows; a table with more rows is not a lookup table and is skipped. Thread-safe.
 */
public final class LookupSampler {

  private static final Set<String> LABEL_NAMES =
      Set.of("name", "label", "title", "code", "description", "type", "status");
  private static final int MAX_COLUMNS = 5;

  private final SqlSyntax syntax;
  private final int maxRows;
  private final int maxTables;

  public LookupSampler(SqlSyntax syntax, int maxRows, int maxTables) {
    this.syntax = syntax;
    this.maxRows = maxRows;
    this.maxTables = maxTables;
  }

  /** The labels of the lookup tables of {@code schema}; tables that fail to read are skipped. */
  public KnownValues sample(Connection connection, SchemaSnapshot schema) {
    Map<String, Map<String, List<String>>> values = new HashMap<>();
    int read = 0;
    for (Table table : schema.tables()) {
      if (read >= maxTables) {
        break;
      }
      Optional<Column> label = labelColumn(table);
      if (label.isEmpty()
          || table.columns().size() > MAX_COLUMNS
          || table.approximateRows() > maxRows) {
        continue;
      }
      read++;
      try {
        List<String> labels = read(connection, table, label.get());
        if (!labels.isEmpty()) {
          values.put(table.qualifiedName(), Map.of(label.get().name(), labels));
        }
      } catch (SQLException e) {
        // not readable by this user, or gone: the linker simply has no values for it
      }
    }
    return new KnownValues(values);
  }

  private List<String> read(Connection connection, Table table, Column column) throws SQLException {
    String from =
        table.schema().isEmpty()
            ? syntax.quoteIdentifier(table.name())
            : syntax.quoteIdentifier(table.schema()) + "." + syntax.quoteIdentifier(table.name());
    String sql =
        "SELECT "
            + syntax.quoteIdentifier(column.name())
            + " FROM "
            + from
            + " "
            + syntax.limitClause(maxRows + 1);
    List<String> labels = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.setMaxRows(maxRows + 1);
      try (ResultSet rs = statement.executeQuery(sql)) {
        while (rs.next()) {
          String value = rs.getString(1);
          if (value != null
              && !value.isBlank()
              && value.length() <= 60
              && !labels.contains(value)) {
            labels.add(value);
          }
        }
      }
    } finally {
      if (!connection.getAutoCommit()) {
        connection.rollback(); // a failed read must not poison the next one's transaction
      }
    }
    return labels.size() > maxRows ? List.of() : labels;
  }

  private static Optional<Column> labelColumn(Table table) {
    return table.columns().stream()
        .filter(c -> LABEL_NAMES.contains(c.name().toLowerCase(Locale.ROOT)))
        .filter(
            c -> {
              String t = c.type().toLowerCase(Locale.ROOT);
              return t.contains("char") || t.contains("text") || t.contains("string");
            })
        .findFirst();
  }
}
