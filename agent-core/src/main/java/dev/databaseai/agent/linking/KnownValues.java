package dev.databaseai.agent.linking;

import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Values a column is known to hold (enum labels, CHECK lists, the rows of small lookup tables), so
 * that a question saying "cancelled" finds the table whose status column has that label. Immutable.
 *
 * @param values per lower-case qualified table name, per column name, the values
 */
public record KnownValues(Map<String, Map<String, List<String>>> values) {

  public static final KnownValues NONE = new KnownValues(Map.of());

  public KnownValues {
    Map<String, Map<String, List<String>>> copy = new HashMap<>();
    values.forEach(
        (table, columns) -> {
          Map<String, List<String>> inner = new HashMap<>();
          columns.forEach((column, list) -> inner.put(column, List.copyOf(list)));
          copy.put(table.toLowerCase(Locale.ROOT), Map.copyOf(inner));
        });
    values = Map.copyOf(copy);
  }

  /** The declared values of every column of {@code schema} ({@link Column#allowedValues()}). */
  public static KnownValues declaredIn(SchemaSnapshot schema) {
    Map<String, Map<String, List<String>>> map = new HashMap<>();
    for (Table table : schema.tables()) {
      for (Column column : table.columns()) {
        if (!column.allowedValues().isEmpty()) {
          map.computeIfAbsent(table.qualifiedName(), k -> new HashMap<>())
              .put(column.name(), column.allowedValues());
        }
      }
    }
    return new KnownValues(map);
  }

  /** These values plus {@code other}'s (other wins for the same column). */
  public KnownValues plus(KnownValues other) {
    Map<String, Map<String, List<String>>> map = new HashMap<>();
    values.forEach((t, c) -> map.put(t, new HashMap<>(c)));
    other.values.forEach((t, c) -> map.computeIfAbsent(t, k -> new HashMap<>()).putAll(c));
    return new KnownValues(map);
  }

  /** The known values of {@code table}, per column; empty when none. */
  public Map<String, List<String>> of(Table table) {
    return values.getOrDefault(table.qualifiedName().toLowerCase(Locale.ROOT), Map.of());
  }
}
