package dev.databaseai.dialect.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable picture of a database's tables at one moment; safe to share between threads and
 * sessions.
 *
 * @param databaseProduct the product and version, e.g. {@code PostgreSQL 16.2}, or empty
 * @param tables every table and view of the user schemas
 */
public record SchemaSnapshot(String databaseProduct, List<Table> tables) {

  public SchemaSnapshot {
    databaseProduct = databaseProduct == null ? "" : databaseProduct;
    tables = List.copyOf(tables);
  }

  /**
   * The table named {@code name}, case-insensitively: a qualified name ({@code schema.table})
   * matches exactly; a bare name prefers the first schema that has it.
   */
  public Optional<Table> table(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    Table bare = null;
    for (Table table : tables) {
      if (table.qualifiedName().toLowerCase(Locale.ROOT).equals(lower)) {
        return Optional.of(table);
      }
      if (bare == null && table.name().toLowerCase(Locale.ROOT).equals(lower)) {
        bare = table;
      }
    }
    return Optional.ofNullable(bare);
  }

  /** The tables that have a column with this name, case-insensitively. */
  public List<Table> tablesWithColumn(String columnName) {
    return tables.stream().filter(t -> t.column(columnName).isPresent()).toList();
  }

  /**
   * This snapshot with {@code replacements} swapped in by qualified name, and the tables named in
   * {@code removed} (qualified names) dropped. Used to refresh part of a cached schema.
   */
  public SchemaSnapshot merge(Collection<Table> replacements, Collection<String> removed) {
    Map<String, Table> byName = new LinkedHashMap<>();
    for (Table table : tables) {
      byName.put(table.qualifiedName().toLowerCase(Locale.ROOT), table);
    }
    for (String name : removed) {
      byName.remove(name.toLowerCase(Locale.ROOT));
    }
    for (Table table : replacements) {
      byName.put(table.qualifiedName().toLowerCase(Locale.ROOT), table);
    }
    return new SchemaSnapshot(databaseProduct, new ArrayList<>(byName.values()));
  }
}
