package dev.databaseai.dialect.schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads a database's catalog into a {@link SchemaSnapshot}. Immutable and thread-safe. */
public interface SchemaIntrospector {

  /**
   * Every user schema's tables and views (not the system catalogs), read in a few catalog queries,
   * not one metadata call per table. Does not change the connection's state beyond running queries.
   *
   * @param connection an open connection; not closed by this method
   * @throws SQLException when the catalog cannot be read
   */
  SchemaSnapshot introspect(Connection connection) throws SQLException;

  /**
   * A fresh look at some tables only (for example after an unknown-name error, when the schema may
   * have changed). Names are matched case-insensitively, qualified ({@code schema.table}) or not.
   * The default introspects everything and keeps the named tables; dialects may do better.
   *
   * @return a snapshot holding only the named tables that exist now
   * @throws SQLException when the catalog cannot be read
   */
  default SchemaSnapshot introspectTables(Connection connection, Collection<String> tableNames)
      throws SQLException {
    Set<String> wanted =
        tableNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    SchemaSnapshot all = introspect(connection);
    return new SchemaSnapshot(
        all.databaseProduct(),
        all.tables().stream()
            .filter(
                t ->
                    wanted.contains(t.name().toLowerCase(Locale.ROOT))
                        || wanted.contains(t.qualifiedName().toLowerCase(Locale.ROOT)))
            .toList());
  }
}
