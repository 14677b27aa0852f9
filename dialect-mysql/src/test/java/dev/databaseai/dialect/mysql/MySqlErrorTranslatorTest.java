package dev.databaseai.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every classification here comes from an error the real server raised, except MySQL's 3065 / 3066
 * on MariaDB, which has no such rule: there the test proves MariaDB accepts the statement and
 * translates MySQL's documented error as a constructed exception.
 */
class MySqlErrorTranslatorTest {

  private static final MySqlErrorTranslator TRANSLATOR = new MySqlErrorTranslator();
  private static TestDatabase db;
  private static String limitedUser;

  @BeforeAll
  static void schema() {
    db = TestDatabases.mariadb("mysql_errors");
    db.execute(
        "CREATE TABLE users (id INT PRIMARY KEY, name VARCHAR(50), created_at DATETIME)",
        "CREATE TABLE role_permissions (role_id INT, permission VARCHAR(20), name VARCHAR(20))",
        "CREATE TABLE secrets (id INT PRIMARY KEY, token VARCHAR(20))",
        "INSERT INTO users VALUES (1, 'ann', '2024-01-01 10:00:00')",
        "INSERT INTO role_permissions VALUES (1, 'read', 'r')");
    limitedUser = GrantTables.uniqueUser("lim");
    String database = databaseName();
    GrantTables.createUser(
        db,
        limitedUser,
        "pw-" + limitedUser,
        "GRANT SELECT ON " + database + ".users",
        "GRANT SELECT (role_id) ON " + database + ".role_permissions");
  }

  @AfterAll
  static void dropUser() {
    GrantTables.dropUser(db, limitedUser);
  }

  @Test
  void unknownQualifiedColumnIsUndefinedColumnNamingTheAliasAndColumn() {
    DbError error = fail("SELECT r.user_id FROM role_permissions r");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_COLUMN);
    assertThat(error.vendorCode()).isEqualTo(1054);
    assertThat(error.sqlState()).isEqualTo("42S22");
    assertThat(error.identifier()).contains("r.user_id");
  }

  @Test
  void unknownColumnInWhereOrderByIsUndefinedColumn() {
    assertThat(fail("SELECT id FROM users WHERE nickname = 'x'").identifier()).contains("nickname");
    assertThat(fail("SELECT id FROM users ORDER BY signup_date").identifier())
        .contains("signup_date");
  }

  @Test
  void missingTableIsUndefinedTableNamingTheBareTable() {
    DbError error = fail("SELECT * FROM user_accounts");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_TABLE);
    assertThat(error.vendorCode()).isEqualTo(1146);
    assertThat(error.message()).contains(databaseName() + ".user_accounts");
    assertThat(error.identifier()).contains("user_accounts");
  }

  @Test
  void aliasNeverDefinedWithStarIsUndefinedTableNamingTheAlias() {
    DbError error = fail("SELECT m.* FROM users u");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_TABLE);
    assertThat(error.vendorCode()).isEqualTo(1051);
    assertThat(error.identifier()).contains("m");
  }

  @Test
  void unknownTableInMultiDeleteIsUndefinedTable() {
    DbError error = fail("DELETE m FROM users u WHERE u.id = 0");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_TABLE);
    assertThat(error.vendorCode()).isEqualTo(1109);
    assertThat(error.identifier()).contains("m");
  }

  @Test
  void columnOnTwoJoinedTablesIsAmbiguous() {
    DbError error = fail("SELECT name FROM users u JOIN role_permissions r ON r.role_id = u.id");
    assertThat(error.category()).isEqualTo(ErrorCategory.AMBIGUOUS_COLUMN);
    assertThat(error.vendorCode()).isEqualTo(1052);
    assertThat(error.identifier()).contains("name");
  }

  @Test
  void functionFromAnotherDialectIsUndefinedFunctionWithoutTheDatabasePrefix() {
    DbError error = fail("SELECT DATE_TRUNC('month', created_at) FROM users");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(error.vendorCode()).isEqualTo(1305);
    assertThat(error.identifier())
        .hasValueSatisfying(v -> assertThat(v).isEqualToIgnoringCase("date_trunc"));
  }

  @Test
  void spaceBeforeParenthesisOfBuiltinIsUndefinedFunction() {
    DbError error = fail("SELECT SUM (id) FROM users");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(error.vendorCode()).isEqualTo(1630);
    assertThat(error.identifier())
        .hasValueSatisfying(v -> assertThat(v).isEqualToIgnoringCase("sum"));
  }

  @Test
  void wrongArgumentCountOfNativeFunctionIsUndefinedFunction() {
    DbError error = fail("SELECT ISNULL(name, 'none') FROM users");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(error.vendorCode()).isEqualTo(1582);
    assertThat(error.identifier())
        .hasValueSatisfying(v -> assertThat(v).isEqualToIgnoringCase("isnull"));
  }

  @Test
  void parseErrorIsSyntaxErrorNamingTheWordTheParserStoppedAt() {
    DbError error = fail("SELECT * FROM users WHERE name ILIKE 'a%'");
    assertThat(error.category()).isEqualTo(ErrorCategory.SYNTAX_ERROR);
    assertThat(error.vendorCode()).isEqualTo(1064);
    assertThat(error.sqlState()).isEqualTo("42000");
    assertThat(error.identifier()).contains("ILIKE");
    assertThat(fail("SELECT id::text FROM users").identifier()).contains("::");
    assertThat(fail("SELECT TOP 5 * FROM users").category()).isEqualTo(ErrorCategory.SYNTAX_ERROR);
  }

  @Test
  void aggregateInWhereIsGroupingError() {
    DbError error = fail("SELECT id FROM users WHERE COUNT(*) > 1");
    assertThat(error.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(error.vendorCode()).isEqualTo(1111);
  }

  @Test
  void columnMissingFromGroupByUnderOnlyFullGroupByIsGroupingErrorNamingTheColumn()
      throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION sql_mode = 'ONLY_FULL_GROUP_BY'");
      DbError notGrouped = failOn(statement, "SELECT id, name, COUNT(*) FROM users GROUP BY id");
      assertThat(notGrouped.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
      assertThat(notGrouped.vendorCode()).isEqualTo(1055);
      assertThat(notGrouped.identifier()).contains("users.name");
      DbError mixed = failOn(statement, "SELECT name, COUNT(*) FROM users");
      assertThat(mixed.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
      assertThat(mixed.vendorCode()).isEqualTo(1140);
    }
  }

  @Test
  void orderByPositionBeyondTheSelectListIsAGroupingErrorNamingThePosition() {
    DbError order = fail("SELECT name FROM users ORDER BY 3 DESC");
    assertThat(order.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(order.vendorCode()).isEqualTo(1054);
    assertThat(order.identifier()).contains("ORDER BY 3");
    DbError group = fail("SELECT name, COUNT(*) FROM users GROUP BY 3");
    assertThat(group.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(group.identifier()).contains("GROUP BY 3");
    // A real unknown column in ORDER BY stays one.
    DbError named = fail("SELECT name FROM users ORDER BY nope");
    assertThat(named.category()).isEqualTo(ErrorCategory.UNDEFINED_COLUMN);
    assertThat(named.identifier()).contains("nope");
  }

  @Test
  void orderByOutsideTheSelectListOfDistinctIsAGroupingErrorNamingTheColumn() throws SQLException {
    String sql = "SELECT DISTINCT u.name FROM users u ORDER BY u.created_at";
    SQLException raised;
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION sql_mode = 'ONLY_FULL_GROUP_BY'");
      raised = catchThrowableOfType(SQLException.class, () -> statement.execute(sql));
    }
    if (ServerFlavor.isMariaDb(db)) {
      // MariaDB sorts a DISTINCT result by any column, even under ONLY_FULL_GROUP_BY: no server
      // here raises 3065, so MySQL 8's documented error is constructed.
      assertThat((Object) raised).as("MariaDB accepts %s", sql).isNull();
      raised =
          new SQLException(
              "Expression #1 of ORDER BY clause is not in SELECT list, references column"
                  + " '"
                  + databaseName()
                  + ".u.created_at' which is not in SELECT list; this is incompatible with DISTINCT",
              "HY000",
              3065);
    }
    assertThat((Object) raised).as("MySQL rejects %s", sql).isNotNull();
    DbError error = TRANSLATOR.translate(raised);
    assertThat(error.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(error.vendorCode()).isEqualTo(3065);
    assertThat(error.identifier()).contains("u.created_at");
    DbError aggregate =
        TRANSLATOR.translate(
            new SQLException(
                "Expression #1 of ORDER BY clause is not in SELECT list, contains aggregate"
                    + " function; this is incompatible with DISTINCT",
                "HY000",
                3066));
    assertThat(aggregate.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
  }

  @Test
  void impossibleTypedDateLiteralIsInvalidLiteralNamingTheValue() {
    DbError error = fail("SELECT * FROM users WHERE created_at > DATE '2024-13-45'");
    assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_LITERAL);
    assertThat(error.vendorCode()).isEqualTo(1525);
    assertThat(error.identifier()).contains("2024-13-45");
  }

  @Test
  void brokenRegularExpressionIsInvalidLiteral() {
    assumeTrue(ServerFlavor.isMariaDb(db), "MariaDB behaviour");
    DbError error = fail("SELECT * FROM users WHERE name REGEXP '('");
    assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_LITERAL);
  }

  @Test
  void incompatibleOperandTypesAreTypeMismatchNamingBothTypes() {
    assumeTrue(ServerFlavor.isMariaDb(db), "MariaDB behaviour");
    DbError error = fail("SELECT * FROM users WHERE POINT(1, 1) = id");
    assertThat(error.category()).isEqualTo(ErrorCategory.TYPE_MISMATCH);
    assertThat(error.vendorCode()).isEqualTo(4078);
    assertThat(error.types()).containsExactly("point", "int");
    assertThat(error.identifier()).contains("=");
  }

  @Test
  void aggregateOverUnsupportedTypeIsTypeMismatchNamingTheType() {
    assumeTrue(ServerFlavor.isMariaDb(db), "MariaDB behaviour");
    DbError error = fail("SELECT SUM(POINT(id, id)) FROM users");
    assertThat(error.category()).isEqualTo(ErrorCategory.TYPE_MISMATCH);
    assertThat(error.vendorCode()).isEqualTo(4079);
    assertThat(error.types()).containsExactly("point");
    assertThat(error.identifier()).contains("sum");
  }

  @Test
  void divisionByZeroInSelectIsNullNotAnError() throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO'");
      try (var rs = statement.executeQuery("SELECT 1 / 0, 5 MOD 0")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getObject(1)).isNull();
        assertThat(rs.getObject(2)).isNull();
      }
    }
  }

  @Test
  void divisionByZeroInAStrictWriteIsDivisionByZero() throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO'");
      statement.execute("CREATE TEMPORARY TABLE ratios (r DECIMAL(10,2))");
      DbError error = failOn(statement, "INSERT INTO ratios VALUES (1 / 0)");
      assertThat(error.category()).isEqualTo(ErrorCategory.DIVISION_BY_ZERO);
      assertThat(error.vendorCode()).isEqualTo(1365);
    }
  }

  @Test
  void tableWithoutGrantIsPermissionDeniedNamingTheTable() throws SQLException {
    try (Connection connection = limitedConnection();
        Statement statement = connection.createStatement()) {
      DbError error = failOn(statement, "SELECT * FROM secrets");
      assertThat(error.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED);
      assertThat(error.vendorCode()).isEqualTo(1142);
      assertThat(error.identifier()).contains("secrets");
    }
  }

  @Test
  void columnWithoutGrantIsPermissionDeniedNamingTheColumn() throws SQLException {
    try (Connection connection = limitedConnection();
        Statement statement = connection.createStatement()) {
      DbError error = failOn(statement, "SELECT permission FROM role_permissions");
      assertThat(error.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED);
      assertThat(error.vendorCode()).isEqualTo(1143);
      assertThat(error.identifier()).contains("permission");
    }
  }

  @Test
  void fileAccessWithoutFilePrivilegeIsPermissionDenied() throws SQLException {
    try (Connection connection = limitedConnection();
        Statement statement = connection.createStatement()) {
      DbError error =
          failOn(
              statement, "SELECT id FROM users INTO OUTFILE '/tmp/databaseai-never-written.txt'");
      assertThat(error.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED);
      assertThat(error.vendorCode())
          .isIn(1045, 1227); // MariaDB 11.4: 1045; MySQL and older MariaDB: 1227
    }
  }

  @Test
  void otherDatabaseWithoutGrantIsPermissionDenied() throws SQLException {
    try (Connection connection = limitedConnection();
        Statement statement = connection.createStatement()) {
      DbError error = failOn(statement, "USE mysql");
      assertThat(error.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED);
      assertThat(error.vendorCode()).isEqualTo(1044);
    }
  }

  @Test
  void wrongPasswordIsPermissionDeniedWithoutThePassword() {
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () ->
                DriverManager.getConnection(db.jdbcUrl(), limitedUser, "wrong-secret-pw").close());
    DbError error = TRANSLATOR.translate(e);
    assertThat(error.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED);
    assertThat(error.vendorCode()).isEqualTo(1045);
    assertThat(error.message()).doesNotContain("wrong-secret-pw");
  }

  @Test
  void writeInReadOnlySessionIsReadOnlyViolation() throws SQLException {
    // Connector/J follows the session's read-only state and refuses writes itself (code 0), so
    // the server's own refusal is shown inside an explicitly read-only transaction.
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("START TRANSACTION READ ONLY");
      DbError error = failOn(statement, "INSERT INTO users (id, name) VALUES (99, 'x')");
      assertThat(error.category()).isEqualTo(ErrorCategory.READ_ONLY_VIOLATION);
      assertThat(error.vendorCode()).isEqualTo(1792);
      assertThat(error.sqlState()).isEqualTo("25006");
    }
  }

  @Test
  void writeRefusedByTheDriversReadOnlyFlagIsReadOnlyViolation() throws SQLException {
    try (Connection connection = guarded(GuardSettings.DEFAULT);
        Statement statement = connection.createStatement()) {
      DbError error = failOn(statement, "UPDATE users SET name = 'x'");
      assertThat(error.category()).isEqualTo(ErrorCategory.READ_ONLY_VIOLATION);
    }
  }

  @Test
  void statementOverTheTimeoutIsTimeout() throws SQLException {
    try (Connection connection = guarded(new GuardSettings(true, Duration.ofMillis(300), 100));
        Statement statement = connection.createStatement()) {
      // SLEEP inside a condition: MySQL reports a bare interrupted SLEEP() as the value 1.
      DbError error = failOn(statement, "SELECT 1 FROM DUAL WHERE SLEEP(3) = 0");
      assertThat(error.category()).isEqualTo(ErrorCategory.TIMEOUT);
      assertThat(error.vendorCode())
          .isIn(1969, 3024); // MariaDB max_statement_time, MySQL max_execution_time
    }
  }

  @Test
  void clientSideQueryTimeoutIsTimeout() throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(1);
      DbError error = failOn(statement, "SELECT SLEEP(5)");
      assertThat(error.category()).isEqualTo(ErrorCategory.TIMEOUT);
    }
  }

  @Test
  void connectionKilledByTheServerIsConnection() throws SQLException {
    try (Connection victim = db.connect();
        Statement statement = victim.createStatement();
        Connection admin = db.connect();
        Statement killer = admin.createStatement()) {
      long id;
      try (var rs = statement.executeQuery("SELECT CONNECTION_ID()")) {
        rs.next();
        id = rs.getLong(1);
      }
      killer.execute("KILL CONNECTION " + id);
      DbError error = failOn(statement, "SELECT 1");
      assertThat(error.category()).isEqualTo(ErrorCategory.CONNECTION);
    }
  }

  @Test
  void refusedConnectionIsConnection() {
    SQLException e =
        catchThrowableOfType(
            SQLException.class,
            () ->
                DriverManager.getConnection(
                        "jdbc:mysql://127.0.0.1:1/x?connectTimeout=2000", "root", "")
                    .close());
    DbError error = TRANSLATOR.translate(e);
    assertThat(error.category()).isEqualTo(ErrorCategory.CONNECTION);
    assertThat(error.sqlState()).startsWith("08");
  }

  @Test
  void unknownServerErrorIsOtherWithMessageStateAndCodeIntact() {
    DbError error = fail("SELECT EXP(1000)"); // 1690 DOUBLE value is out of range
    assertThat(error.category()).isEqualTo(ErrorCategory.OTHER);
    assertThat(error.vendorCode()).isEqualTo(1690);
    assertThat(error.sqlState()).startsWith("22");
    assertThat(error.message()).contains("out of range");
  }

  @Test
  void unknownCodeWithoutStateOrMessageIsOtherAndNeverThrows() {
    DbError error = TRANSLATOR.translate(new SQLException(null, null, 65_000));
    assertThat(error.category()).isEqualTo(ErrorCategory.OTHER);
    assertThat(error.vendorCode()).isEqualTo(65_000);
    assertThat(error.message()).isEmpty();
    assertThat(error.sqlState()).isEmpty();
  }

  @Test
  void everyCategoryTheTranslatorReportsForRealErrorsIsDeclared() {
    List<String> statements =
        List.of(
            "SELECT nope FROM users",
            "SELECT * FROM nope",
            "SELECT nope(1)",
            "SELEC 1",
            "SELECT id FROM users WHERE SUM(id) > 1",
            "SELECT DATE '2024-02-30'",
            ServerFlavor.isMariaDb(db)
                ? "SELECT POINT(1, 1) + 1"
                : "SELECT JSON_EXTRACT(1, '$.a')");
    for (String sql : statements) {
      assertThat(new MySqlDialect().supportedErrorCategories())
          .as(sql)
          .contains(fail(sql).category());
    }
  }

  private static DbError fail(String sql) {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      return failOn(statement, sql);
    } catch (SQLException e) {
      throw new AssertionError("could not connect: " + e.getMessage(), e);
    }
  }

  private static DbError failOn(Statement statement, String sql) {
    SQLException e = catchThrowableOfType(SQLException.class, () -> statement.execute(sql));
    assertThat((Object) e).as("expected the server to reject: %s", sql).isNotNull();
    return TRANSLATOR.translate(e);
  }

  private static Connection guarded(GuardSettings settings) throws SQLException {
    Connection connection = db.connect();
    new MySqlSessionGuards().apply(connection, settings);
    return connection;
  }

  private static Connection limitedConnection() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), limitedUser, "pw-" + limitedUser);
  }

  static String databaseName() {
    String url = db.jdbcUrl();
    String path = url.substring(url.lastIndexOf('/') + 1);
    int query = path.indexOf('?');
    return (query < 0 ? path : path.substring(0, query)).toLowerCase(Locale.ROOT);
  }
}
