package dev.databaseai.dialect.postgres;

import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaIntrospector;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.dialect.schema.TableKind;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads every user schema from {@code pg_catalog} in four set-based queries (relations, columns,
 * constraints, enum labels; a fifth only for foreign keys into tables outside the selection),
 * whatever the number of tables. Skips {@code pg_catalog}, {@code information_schema}, TOAST and
 * temporary schemas, and partitions (their parent is listed). Immutable and thread-safe.
 */
public final class PostgresIntrospector implements SchemaIntrospector {

  /**
   * At most this many values are kept from a CHECK (col IN (...)) list; longer lists are not
   * "short".
   */
  static final int MAX_CHECK_VALUES = 30;

  private static final String USER_RELATIONS =
      " c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition"
          + " AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
          + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

  private static final String NAME_FILTER =
      " AND (lower(c.relname) = ANY (?) OR lower(n.nspname || '.' || c.relname) = ANY (?))";

  private static final String RELATIONS =
      "SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples::bigint, d.description"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " LEFT JOIN pg_description d ON d.objoid = c.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0"
          + " WHERE"
          + USER_RELATIONS
          + "{filter}"
          + " ORDER BY n.nspname, c.relname";

  // No ORDER BY: sorting 20 columns per table is cheaper in Java than a server-side sort that
  // spills.
  private static final String COLUMNS =
      "SELECT a.attrelid, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, d.description,"
          + " CASE WHEN t.typtype = 'e' THEN a.atttypid ELSE 0 END::bigint AS enum_type"
          + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_type t ON t.oid = a.atttypid"
          + " LEFT JOIN pg_description d ON d.objoid = a.attrelid AND d.classoid = 'pg_class'::regclass"
          + " AND d.objsubid = a.attnum"
          + " WHERE a.attnum > 0 AND NOT a.attisdropped AND"
          + USER_RELATIONS
          + "{filter}";

  // Key columns come back as attribute numbers and are named in Java from the columns already read.
  private static final String CONSTRAINTS =
      "SELECT con.conrelid, con.contype, con.conname, con.conkey::int[], con.confrelid, con.confkey::int[],"
          + " CASE WHEN con.contype = 'c' AND cardinality(con.conkey) = 1"
          + "   THEN pg_get_constraintdef(con.oid) END"
          + " FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid"
          + " JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE con.contype IN ('p', 'f', 'c') AND"
          + USER_RELATIONS
          + "{filter}";

  /**
   * Names of referenced tables and columns outside the relations read (e.g. with introspectTables).
   */
  private static final String REFERENCED =
      "SELECT c.oid, n.nspname, c.relname, a.attnum, a.attname"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
          + " WHERE c.oid = ANY (?)";

  private static final String ENUMS =
      "SELECT e.enumtypid::bigint, e.enumlabel FROM pg_enum e ORDER BY e.enumtypid, e.enumsortorder";

  /** {@code CHECK ((status = ANY (ARRAY['a'::text, 'b'::text])))} and the varchar-cast variant. */
  private static final Pattern CHECK_IN =
      Pattern.compile(
          "^CHECK \\(+\\(?\"?([^\\s\":)]+)\"?\\)?(?:::[\\w ]+)? = ANY \\(+ARRAY\\[(.*)\\](?:\\)?::[\\w ]+\\[\\])?\\)+$",
          Pattern.DOTALL);

  private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'|(-?\\d+(?:\\.\\d+)?)");

  @Override
  public SchemaSnapshot introspect(Connection connection) throws SQLException {
    return read(connection, null);
  }

  /** Reads only the named tables, with the same four queries restricted by name. */
  @Override
  public SchemaSnapshot introspectTables(Connection connection, Collection<String> tableNames)
      throws SQLException {
    List<String> lower =
        tableNames.stream().map(n -> n.toLowerCase(Locale.ROOT)).distinct().toList();
    if (lower.isEmpty()) {
      return new SchemaSnapshot(product(connection), List.of());
    }
    return read(connection, lower);
  }

  private SchemaSnapshot read(Connection connection, List<String> names) throws SQLException {
    Map<Long, RelationBuilder> relations = new LinkedHashMap<>();
    try (PreparedStatement statement = prepare(connection, RELATIONS, names);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        TableKind kind =
            switch (rows.getString(4)) {
              case "v" -> TableKind.VIEW;
              case "m" -> TableKind.MATERIALIZED_VIEW;
              default -> TableKind.TABLE;
            };
        long tuples = rows.getLong(5);
        long approximate = kind == TableKind.VIEW || tuples < 0 ? -1 : tuples;
        relations.put(
            rows.getLong(1),
            new RelationBuilder(
                rows.getString(2), rows.getString(3), kind, rows.getString(6), approximate));
      }
    }
    if (relations.isEmpty()) {
      return new SchemaSnapshot(product(connection), List.of());
    }
    Map<Long, List<String>> enumLabels = enumLabels(connection);
    try (PreparedStatement statement = prepare(connection, COLUMNS, names);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        RelationBuilder relation = relations.get(rows.getLong(1));
        if (relation != null) {
          relation.columns.add(
              new ColumnBuilder(
                  rows.getInt(2),
                  rows.getString(3),
                  rows.getString(4),
                  !rows.getBoolean(5),
                  rows.getString(6),
                  enumLabels.getOrDefault(rows.getLong(7), List.of())));
        }
      }
    }
    for (RelationBuilder relation : relations.values()) {
      relation.columns.sort(Comparator.comparingInt(c -> c.number));
    }
    List<RawConstraint> constraints = new ArrayList<>();
    try (PreparedStatement statement = prepare(connection, CONSTRAINTS, names);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        constraints.add(
            new RawConstraint(
                rows.getLong(1),
                rows.getString(2),
                rows.getString(3),
                ints(rows.getArray(4)),
                rows.getLong(5),
                ints(rows.getArray(6)),
                rows.getString(7)));
      }
    }
    constraints.sort(Comparator.comparing(RawConstraint::name));
    Map<Long, RelationBuilder> referenced = referencedOutside(connection, relations, constraints);
    for (RawConstraint constraint : constraints) {
      RelationBuilder relation = relations.get(constraint.relation());
      if (relation == null) {
        continue;
      }
      List<String> columns = relation.columnNames(constraint.keys());
      switch (constraint.type()) {
        case "p" -> relation.primaryKey = columns;
        case "f" -> {
          RelationBuilder target =
              relations.getOrDefault(constraint.target(), referenced.get(constraint.target()));
          if (target != null) {
            relation.foreignKeys.add(
                new ForeignKey(
                    constraint.name(),
                    columns,
                    target.schema,
                    target.name,
                    target.columnNames(constraint.targetKeys())));
          }
        }
        default -> relation.applyCheck(constraint.definition());
      }
    }
    List<Table> tables = new ArrayList<>(relations.size());
    for (RelationBuilder relation : relations.values()) {
      tables.add(relation.build());
    }
    return new SchemaSnapshot(product(connection), tables);
  }

  private static PreparedStatement prepare(
      Connection connection, String template, List<String> names) throws SQLException {
    PreparedStatement statement =
        connection.prepareStatement(template.replace("{filter}", names == null ? "" : NAME_FILTER));
    if (names != null) {
      Array array = connection.createArrayOf("text", names.toArray());
      statement.setArray(1, array);
      statement.setArray(2, array);
    }
    return statement;
  }

  private static Map<Long, List<String>> enumLabels(Connection connection) throws SQLException {
    Map<Long, List<String>> labels = new HashMap<>();
    try (PreparedStatement statement = connection.prepareStatement(ENUMS);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        labels.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(rows.getString(2));
      }
    }
    return labels;
  }

  private static int[] ints(Array array) throws SQLException {
    if (array == null) {
      return new int[0];
    }
    Object[] values = (Object[]) array.getArray();
    int[] result = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      result[i] = ((Number) values[i]).intValue();
    }
    return result;
  }

  /** The tables foreign keys point to that are not among {@code relations}, with their columns. */
  private static Map<Long, RelationBuilder> referencedOutside(
      Connection connection, Map<Long, RelationBuilder> relations, List<RawConstraint> constraints)
      throws SQLException {
    Long[] missing =
        constraints.stream()
            .filter(c -> c.type().equals("f") && !relations.containsKey(c.target()))
            .map(RawConstraint::target)
            .distinct()
            .toArray(Long[]::new);
    Map<Long, RelationBuilder> found = new HashMap<>();
    if (missing.length == 0) {
      return found;
    }
    try (PreparedStatement statement = connection.prepareStatement(REFERENCED)) {
      statement.setArray(1, connection.createArrayOf("oid", missing));
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          RelationBuilder target = found.get(rows.getLong(1));
          if (target == null) {
            target =
                new RelationBuilder(rows.getString(2), rows.getString(3), TableKind.TABLE, "", -1);
            found.put(rows.getLong(1), target);
          }
          target.columns.add(
              new ColumnBuilder(rows.getInt(4), rows.getString(5), "", true, "", List.of()));
        }
      }
    }
    return found;
  }

  private record RawConstraint(
      long relation,
      String type,
      String name,
      int[] keys,
      long target,
      int[] targetKeys,
      String definition) {}

  private static String product(Connection connection) throws SQLException {
    DatabaseMetaData meta = connection.getMetaData();
    return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
  }

  /**
   * The values of a one-column {@code CHECK (col IN (...))} as PostgreSQL prints it ({@code col =
   * ANY (ARRAY[...])}), or empty when the definition is anything else or longer than {@link
   * #MAX_CHECK_VALUES}.
   *
   * @return the column name followed by the values, or an empty list
   */
  static List<String> checkInList(String definition) {
    if (definition == null) {
      return List.of();
    }
    Matcher check = CHECK_IN.matcher(definition.trim());
    if (!check.matches()) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    result.add(check.group(1));
    Matcher literal = LITERAL.matcher(check.group(2));
    while (literal.find()) {
      result.add(literal.group(1) != null ? literal.group(1).replace("''", "'") : literal.group(2));
    }
    return result.size() > 1 && result.size() <= MAX_CHECK_VALUES + 1 ? result : List.of();
  }

  private static final class RelationBuilder {
    final String schema;
    final String name;
    final TableKind kind;
    final String comment;
    final long approximateRows;
    final List<ColumnBuilder> columns = new ArrayList<>();
    final List<ForeignKey> foreignKeys = new ArrayList<>();
    List<String> primaryKey = List.of();

    List<String> columnNames(int[] numbers) {
      List<String> names = new ArrayList<>(numbers.length);
      for (int number : numbers) {
        for (ColumnBuilder column : columns) {
          if (column.number == number) {
            names.add(column.name);
            break;
          }
        }
      }
      return names;
    }

    RelationBuilder(
        String schema, String name, TableKind kind, String comment, long approximateRows) {
      this.schema = schema;
      this.name = name;
      this.kind = kind;
      this.comment = comment;
      this.approximateRows = approximateRows;
    }

    void applyCheck(String definition) {
      List<String> list = checkInList(definition);
      if (list.isEmpty()) {
        return;
      }
      for (ColumnBuilder column : columns) {
        if (column.name.equals(list.get(0)) && column.allowedValues.isEmpty()) {
          column.allowedValues = list.subList(1, list.size());
        }
      }
    }

    Table build() {
      List<Column> built = columns.stream().map(ColumnBuilder::build).toList();
      return new Table(
          schema, name, kind, built, primaryKey, foreignKeys, comment, approximateRows);
    }
  }

  private static final class ColumnBuilder {
    final int number;
    final String name;
    final String type;
    final boolean nullable;
    final String comment;
    List<String> allowedValues;

    ColumnBuilder(
        int number,
        String name,
        String type,
        boolean nullable,
        String comment,
        List<String> allowedValues) {
      this.number = number;
      this.name = name;
      this.type = type;
      this.nullable = nullable;
      this.comment = comment;
      this.allowedValues = allowedValues;
    }

    Column build() {
      return new Column(name, type, nullable, comment, allowedValues);
    }
  }
}
