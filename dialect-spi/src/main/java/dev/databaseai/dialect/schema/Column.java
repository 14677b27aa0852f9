package dev.databaseai.dialect.schema;

import java.util.List;
import java.util.Objects;

/**
 * A column of a table or view.
 *
 * @param name the name as the database stores it
 * @param type the database's type name, e.g. {@code integer}, {@code character varying(80)}, {@code
 *     enum('a','b')}
 * @param nullable whether NULL is allowed
 * @param comment the column comment, or empty
 * @param allowedValues enum labels or a short CHECK … IN list, when the database declares them;
 *     else empty
 */
public record Column(
    String name, String type, boolean nullable, String comment, List<String> allowedValues) {

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    comment = comment == null ? "" : comment;
    allowedValues = List.copyOf(allowedValues);
  }

  /** A nullable column with no comment and no declared values. */
  public static Column of(String name, String type) {
    return new Column(name, type, true, "", List.of());
  }
}
