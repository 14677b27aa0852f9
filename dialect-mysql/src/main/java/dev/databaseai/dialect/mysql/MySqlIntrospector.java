package dev.databaseai.dialect.mysql;

import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaIntrospector;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.dialect.schema.TableKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MySQL and MariaDB catalogs from {@code information_schema} in five set-based queries
 * (server version, tables, columns, key columns, CHECK constraints), never one metadata call per
 * table.
 *
 * <p>Scope: a MySQL "schema" is a database, and a server often hosts many unrelated ones (one per
 * application or tenant). {@link #currentDatabase()} (the dialect's default) therefore reads the
 * connection's current database, the one named in the JDBC URL; when the connection has none it
 * reads every database the account can see. {@link #allDatabases()} always reads every visible
 * database. The system databases {@code mysql}, {@code information_schema}, {@code
 * performance_schema} and {@code sys} are never read.
 *
 * <p>What it reads: tables and views with comments and {@code TABLE_ROWS} (an estimate for InnoDB),
 * columns with their full {@code COLUMN_TYPE} ({@code varchar(80)}, {@code enum('a','b')}),
 * nullability and comments, primary keys, foreign keys, ENUM/SET labels and short {@code CHECK (x
 * IN (…))} lists as allowed values (CHECK constraints exist from MySQL 8.0.16 and MariaDB 10.2;
 * older servers simply yield none). Every query carries an explicit {@code LIMIT} so that a guarded
 * connection's {@code sql_select_limit} row cap cannot truncate the catalog. Immutable and
 * thread-safe.
 */
public final class MySqlIntrospector implements SchemaIntrospector {

  static final List<String> SYSTEM_DATABASES =
      List.of("mysql", "information_schema", "performance_schema", "sys");

  /** Overrides {@code sql_select_limit} (the largest LIMIT MySQL accepts). */
  private static final String NO_ROW_CAP = " LIMIT 18446744073709551615";

  private static final int MAX_CHECK_VALUES = 30;
  private static final Pattern ENUM_TYPE =
      Pattern.compile("^(?:enum|set)\\((.*)\\)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern CHECK_IN =
      Pattern.compile(
          "^\\(*\\s*`?([^`\\s()]+)`?\\s+in\\s*\\((.*)\\)\\s*\\)*$",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern VERSION_NUMBER = Pattern.compile("^(\\d+(?:\\.\\d+)*)");

  private final boolean allDatabases;

  private MySqlIntrospector(boolean allDatabases) {
    this.allDatabases = allDatabases;
  }

  /** The connection's current database, or every visible one when it has none. */
  public static MySqlIntrospector currentDatabase() {
    return new MySqlIntrospector(false);
  }

  /** Every database the account can see, except the system databases. */
  public static MySqlIntrospector allDatabases() {
    return new MySqlIntrospector(true);
  }

  @Override
  public SchemaSnapshot introspect(Connection connection) throws SQLException {
    return read(connection, List.of());
  }

  /** Reads only the named tables (bare or {@code database.table}), with the same five queries. */
  @Override
  public SchemaSnapshot introspectTables(Connection connection, Collection<String> tableNames)
      throws SQLException {
    if (tableNames.isEmpty()) {
      SchemaSnapshot all = read(connection, List.of());
      return new SchemaSnapshot(all.databaseProduct(), List.of());
    }
    Set<String> bare = new LinkedHashSet<>();
    for (String name : tableNames) {
      String table = name.substring(name.lastIndexOf('.') + 1);
      bare.add(table);
      bare.add(table.toLowerCase(Locale.ROOT));
    }
    Set<String> wanted = new LinkedHashSet<>();
    tableNames.forEach(n -> wanted.add(n.toLowerCase(Locale.ROOT)));
    SchemaSnapshot found = read(connection, List.copyOf(bare));
    return new SchemaSnapshot(
        found.databaseProduct(),
        found.tables().stream()
            .filter(
                t ->
                    wanted.contains(t.name().toLowerCase(Locale.ROOT))
                        || wanted.contains(t.qualifiedName().toLowerCase(Locale.ROOT)))
            .toList());
  }

  private SchemaSnapshot read(Connection connection, List<String> onlyTables) throws SQLException {
    String database;
    String version;
    try (PreparedStatement ps = connection.prepareStatement("SELECT DATABASE(), VERSION()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      database = rs.getString(1);
      version = rs.getString(2);
    }
    MySqlFlavor flavor = MySqlFlavor.ofVersion(version);
    Scope scope = scope(database, onlyTables);

    Map<String, TableBuilder> tables = new LinkedHashMap<>();
    readTables(connection, scope, tables);
    if (!tables.isEmpty()) {
      readColumns(connection, scope, tables);
      readKeys(connection, scope, tables);
      readChecks(connection, scope, flavor, tables);
    }
    return new SchemaSnapshot(
        product(flavor, version), tables.values().stream().map(TableBuilder::build).toList());
  }

  private Scope scope(String database, List<String> onlyTables) {
    StringBuilder where = new StringBuilder();
    List<String> params = new ArrayList<>();
    if (!allDatabases && database != null) {
      where.append("%1$sTABLE_SCHEMA = ?");
      params.add(database);
    } else {
      where.append("%1$sTABLE_SCHEMA NOT IN (?, ?, ?, ?)");
      params.addAll(SYSTEM_DATABASES);
    }
    if (!onlyTables.isEmpty()) {
      where
          .append(" AND %1$sTABLE_NAME IN (")
          .append(String.join(", ", Collections.nCopies(onlyTables.size(), "?")))
          .append(')');
      params.addAll(onlyTables);
    }
    return new Scope(where.toString(), List.copyOf(params));
  }

  private static void readTables(
      Connection connection, Scope scope, Map<String, TableBuilder> tables) throws SQLException {
    String sql =
        "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, TABLE_COMMENT, TABLE_ROWS"
            + " FROM information_schema.TABLES WHERE "
            + scope.where("")
            + " ORDER BY TABLE_SCHEMA, TABLE_NAME"
            + NO_ROW_CAP;
    try (PreparedStatement ps = scope.prepare(connection, sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String schema = rs.getString(1);
        String name = rs.getString(2);
        boolean view = "VIEW".equalsIgnoreCase(rs.getString(3));
        long rows = rs.getLong(5);
        boolean rowsUnknown = rs.wasNull() || view;
        // MySQL puts the word VIEW in a view's TABLE_COMMENT.
        String comment = view ? "" : nullToEmpty(rs.getString(4));
        tables.put(
            key(schema, name),
            new TableBuilder(
                schema,
                name,
                view ? TableKind.VIEW : TableKind.TABLE,
                comment,
                rowsUnknown ? -1 : rows));
      }
    }
  }

  private static void readColumns(
      Connection connection, Scope scope, Map<String, TableBuilder> tables) throws SQLException {
    String sql =
        "SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_COMMENT"
            + " FROM information_schema.COLUMNS WHERE "
            + scope.where("")
            + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION"
            + NO_ROW_CAP;
    try (PreparedStatement ps = scope.prepare(connection, sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        TableBuilder table = tables.get(key(rs.getString(1), rs.getString(2)));
        if (table == null) {
          continue; // created between the two queries
        }
        String type = rs.getString(4);
        table.columns.add(
            new Column(
                rs.getString(3),
                type,
                "YES".equalsIgnoreCase(rs.getString(5)),
                nullToEmpty(rs.getString(6)),
                enumLabels(type)));
      }
    }
  }

  private static void readKeys(Connection connection, Scope scope, Map<String, TableBuilder> tables)
      throws SQLException {
    String sql =
        "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME,"
            + " REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME"
            + " FROM information_schema.KEY_COLUMN_USAGE WHERE "
            + scope.where("")
            + " AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL)"
            + " ORDER BY TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION"
            + NO_ROW_CAP;
    try (PreparedStatement ps = scope.prepare(connection, sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        TableBuilder table = tables.get(key(rs.getString(1), rs.getString(2)));
        if (table == null) {
          continue;
        }
        String constraint = rs.getString(3);
        String column = rs.getString(4);
        String referencedSchema = rs.getString(5);
        String referencedTable = rs.getString(6);
        if (referencedTable == null) {
          table.primaryKey.add(column);
        } else {
          table
              .foreignKeys
              .computeIfAbsent(
                  constraint, c -> new ForeignKeyBuilder(c, referencedSchema, referencedTable))
              .add(column, rs.getString(7));
        }
      }
    }
  }

  private static void readChecks(
      Connection connection, Scope scope, MySqlFlavor flavor, Map<String, TableBuilder> tables)
      throws SQLException {
    // MariaDB's CHECK_CONSTRAINTS names the table (constraint names are unique per table only);
    // MySQL's does not, and is joined to TABLE_CONSTRAINTS (names are unique per database there).
    String sql =
        flavor == MySqlFlavor.MARIADB
            ? "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS"
                + " WHERE "
                + scope.where("").replace("TABLE_SCHEMA", "CONSTRAINT_SCHEMA")
                + NO_ROW_CAP
            : "SELECT tc.TABLE_SCHEMA, tc.TABLE_NAME, cc.CHECK_CLAUSE"
                + " FROM information_schema.TABLE_CONSTRAINTS tc"
                + " JOIN information_schema.CHECK_CONSTRAINTS cc"
                + " ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME"
                + " WHERE tc.CONSTRAINT_TYPE = 'CHECK' AND "
                + scope.where("tc.")
                + NO_ROW_CAP;
    try (PreparedStatement ps = scope.prepare(connection, sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        TableBuilder table = tables.get(key(rs.getString(1), rs.getString(2)));
        Matcher m = CHECK_IN.matcher(nullToEmpty(rs.getString(3)).trim());
        if (table != null && m.matches()) {
          List<String> values = splitValues(m.group(2));
          if (!values.isEmpty() && values.size() <= MAX_CHECK_VALUES) {
            table.checkValues.put(m.group(1).toLowerCase(Locale.ROOT), values);
          }
        }
      }
    } catch (SQLException e) {
      // 1109 unknown table: CHECK_CONSTRAINTS does not exist before MySQL 8.0.16 / MariaDB 10.2.
      if (e.getErrorCode() != 1109) {
        throw e;
      }
    }
  }

  /** {@code enum('a','b''c')} → {@code [a, b'c]}; any other type → empty. */
  static List<String> enumLabels(String columnType) {
    Matcher m = ENUM_TYPE.matcher(columnType == null ? "" : columnType.trim());
    return m.matches() ? splitValues(m.group(1)) : List.of();
  }

  /**
   * A comma-separated literal list as MySQL prints it: {@code 'a','b'}, {@code _utf8mb4'a'}, {@code
   * 1,2,3}. Quotes are removed and doubled quotes or backslash escapes undone.
   */
  static List<String> splitValues(String list) {
    List<String> values = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    boolean sawQuote = false;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (quoted) {
        if (c == '\\' && i + 1 < list.length()) {
          current.append(list.charAt(++i));
        } else if (c == '\'' && i + 1 < list.length() && list.charAt(i + 1) == '\'') {
          current.append('\'');
          i++;
        } else if (c == '\'') {
          quoted = false;
        } else {
          current.append(c);
        }
      } else if (c == '\'') {
        quoted = true;
        sawQuote = true;
        current.setLength(0); // drops a character-set introducer such as _utf8mb4
      } else if (c == ',') {
        values.add(sawQuote ? current.toString() : current.toString().trim());
        current.setLength(0);
        sawQuote = false;
      } else if (!sawQuote) {
        current.append(c);
      }
    }
    if (sawQuote || !current.toString().isBlank()) {
      values.add(sawQuote ? current.toString() : current.toString().trim());
    }
    return List.copyOf(values);
  }

  /** {@code MariaDB 11.4.5} or {@code MySQL 8.0.36}. */
  static String product(MySqlFlavor flavor, String version) {
    Matcher m = VERSION_NUMBER.matcher(MySqlFlavor.cleanVersion(version));
    return m.find() ? flavor.productName() + " " + m.group(1) : flavor.productName();
  }

  private static String key(String schema, String table) {
    return schema + '\u0000' + table;
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  /** A WHERE fragment over TABLE_SCHEMA (and TABLE_NAME) with its parameters. */
  private record Scope(String template, List<String> params) {

    String where(String alias) {
      return String.format(Locale.ROOT, template, alias);
    }

    PreparedStatement prepare(Connection connection, String sql) throws SQLException {
      PreparedStatement ps = connection.prepareStatement(sql);
      for (int i = 0; i < params.size(); i++) {
        ps.setString(i + 1, params.get(i));
      }
      return ps;
    }
  }

  private static final class TableBuilder {
    final String schema;
    final String name;
    final TableKind kind;
    final String comment;
    final long rows;
    final List<Column> columns = new ArrayList<>();
    final List<String> primaryKey = new ArrayList<>();
    final Map<String, ForeignKeyBuilder> foreignKeys = new LinkedHashMap<>();
    final Map<String, List<String>> checkValues = new LinkedHashMap<>();

    TableBuilder(String schema, String name, TableKind kind, String comment, long rows) {
      this.schema = schema;
      this.name = name;
      this.kind = kind;
      this.comment = comment;
      this.rows = rows;
    }

    Table build() {
      List<Column> finalColumns =
          columns.stream()
              .map(
                  c -> {
                    List<String> values = checkValues.get(c.name().toLowerCase(Locale.ROOT));
                    return values == null || !c.allowedValues().isEmpty()
                        ? c
                        : new Column(c.name(), c.type(), c.nullable(), c.comment(), values);
                  })
              .toList();
      return new Table(
          schema,
          name,
          kind,
          finalColumns,
          primaryKey,
          foreignKeys.values().stream().map(ForeignKeyBuilder::build).toList(),
          comment,
          rows);
    }
  }

  private static final class ForeignKeyBuilder {
    final String name;
    final String referencedSchema;
    final String referencedTable;
    final List<String> columns = new ArrayList<>();
    final List<String> referencedColumns = new ArrayList<>();

    ForeignKeyBuilder(String name, String referencedSchema, String referencedTable) {
      this.name = name;
      this.referencedSchema = referencedSchema;
      this.referencedTable = referencedTable;
    }

    void add(String column, String referencedColumn) {
      columns.add(column);
      referencedColumns.add(referencedColumn);
    }

    ForeignKey build() {
      return new ForeignKey(name, columns, referencedSchema, referencedTable, referencedColumns);
    }
  }
}
