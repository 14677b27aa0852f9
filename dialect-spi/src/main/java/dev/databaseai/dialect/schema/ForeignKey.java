package dev.databaseai.dialect.schema;

import java.util.List;
import java.util.Objects;

/**
 * A foreign key from columns of the owning table to columns of another.
 *
 * @param name the constraint name, or empty
 * @param columns the referencing columns, in key order
 * @param referencedSchema the schema of the referenced table
 * @param referencedTable the referenced table's name
 * @param referencedColumns the referenced columns, in key order
 */
public record ForeignKey(
    String name,
    List<String> columns,
    String referencedSchema,
    String referencedTable,
    List<String> referencedColumns) {

  public ForeignKey {
    name = name == null ? "" : name;
    columns = List.copyOf(columns);
    referencedSchema = referencedSchema == null ? "" : referencedSchema;
    Objects.requireNonNull(referencedTable, "referencedTable");
    referencedColumns = List.copyOf(referencedColumns);
  }
}
