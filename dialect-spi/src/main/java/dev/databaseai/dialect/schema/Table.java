package dev.databaseai.dialect.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table or view with its columns and keys.
 *
 * @param schema the schema (PostgreSQL) or database (MySQL) it lives in
 * @param name the name as the database stores it
 * @param kind table or view
 * @param columns in ordinal order
 * @param primaryKey the primary-key columns in key order, or empty
 * @param foreignKeys the foreign keys this table declares
 * @param comment the table comment, or empty
 * @param approximateRows the catalog's row estimate, or {@code -1} when unknown
 */
public record Table(
    String schema,
    String name,
    TableKind kind,
    List<Column> columns,
    List<String> primaryKey,
    List<ForeignKey> foreignKeys,
    String comment,
    long approximateRows) {

  public Table {
    schema = schema == null ? "" : schema;
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    foreignKeys = List.copyOf(foreignKeys);
    comment = comment == null ? "" : comment;
  }

  /** {@code schema.name}, or the bare name when the schema is empty. */
  public String qualifiedName() {
    return schema.isEmpty() ? name : schema + "." + name;
  }

  /** The column with this name, compared case-insensitively. */
  public Optional<Column> column(String columnName) {
    return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
  }

  /** The column names in ordinal order. */
  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }
}
