package dev.databaseai.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.io.File;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MySqlSessionGuardsTest {

  private static final MySqlSessionGuards GUARDS = new MySqlSessionGuards();
  private static final MySqlErrorTranslator TRANSLATOR = new MySqlErrorTranslator();
  private static TestDatabase db;
  private static String readerUser;

  @BeforeAll
  static void schema() {
    db = TestDatabases.mariadb("mysql_guards");
    List<String> setup = new ArrayList<>();
    setup.add("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20))");
    for (int i = 1; i <= 50; i++) {
      setup.add("INSERT INTO items VALUES (" + i + ", 'item" + i + "')");
    }
    db.execute(setup.toArray(String[]::new));
    readerUser = GrantTables.uniqueUser("reader");
    GrantTables.createUser(
        db, readerUser, "pw-" + readerUser, "GRANT SELECT ON " + database() + ".*");
  }

  @AfterAll
  static void dropUser() {
    GrantTables.dropUser(db, readerUser);
  }

  @Test
  void initStatementsSetReadOnlyThenRowCapAndBothServersTimeoutsInOneStatement() {
    List<String> statements =
        GUARDS.initStatements(new GuardSettings(true, Duration.ofMillis(2500), 1000));
    assertThat(statements)
        .containsExactly(
            "SET SESSION TRANSACTION READ ONLY",
            "SET SESSION sql_select_limit = 1001 /*!50708 , max_execution_time = 2500 */"
                + " /*M!100108 , max_statement_time = 2.500 */");
  }

  @Test
  void writableSettingsOnlySetLimits() {
    List<String> statements =
        GUARDS.initStatements(new GuardSettings(false, Duration.ofSeconds(5), 10));
    assertThat(statements).hasSize(1);
    assertThat(statements.get(0)).startsWith("SET SESSION sql_select_limit = 11 ");
  }

  @Test
  void serverRunsOnlyItsOwnPartOfTheInitStatements() throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      for (String sql :
          GUARDS.initStatements(new GuardSettings(true, Duration.ofMillis(1500), 7))) {
        statement.execute(sql);
      }
      boolean mariaDb = ServerFlavor.isMariaDb(db);
      String timeout = mariaDb ? "@@SESSION.max_statement_time" : "@@SESSION.max_execution_time";
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT @@SESSION.sql_select_limit, "
                  + timeout
                  + ", @@SESSION.transaction_read_only")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(8);
        // MariaDB ran /*M! … */ (seconds) and skipped /*!50708 … */; MySQL the other way round
        // (ms).
        assertThat(rs.getDouble(2)).isEqualTo(mariaDb ? 1.5 : 1500);
        assertThat(rs.getLong(3)).isEqualTo(1);
      }
    }
  }

  @Test
  void guardedConnectionCapsRowsOneAboveMaxRowsSoTruncationIsVisible() throws SQLException {
    try (Connection connection = guarded(new GuardSettings(true, Duration.ofSeconds(5), 10));
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT id FROM items ORDER BY id")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
      }
      assertThat(rows).isEqualTo(11);
    }
  }

  @Test
  void applyMakesTheSessionReadOnlyWithAutoCommitOff() throws SQLException {
    try (Connection connection = guarded(GuardSettings.DEFAULT)) {
      assertThat(GUARDS.isReadOnly(connection)).isTrue();
      assertThat(connection.isReadOnly()).isTrue();
      assertThat(connection.getAutoCommit()).isFalse();
    }
    try (Connection plain = db.connect()) {
      assertThat(GUARDS.isReadOnly(plain)).isFalse();
    }
  }

  @Test
  void applyingWritableSettingsToAGuardedConnectionMakesItWritableAgain() throws SQLException {
    try (Connection connection = guarded(GuardSettings.DEFAULT)) {
      GUARDS.apply(connection, new GuardSettings(false, Duration.ofSeconds(5), 10));
      assertThat(GUARDS.isReadOnly(connection)).isFalse();
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  @Test
  void everyWriteKindIsRefusedByTheServerInAReadOnlyTransaction() throws SQLException {
    List<String> writes =
        List.of(
            "INSERT INTO items VALUES (100, 'x')",
            "UPDATE items SET name = 'x'",
            "DELETE FROM items",
            "REPLACE INTO items VALUES (1, 'x')",
            "CREATE TABLE mallory (id INT)",
            "DROP TABLE items",
            "TRUNCATE TABLE items",
            "ALTER TABLE items ADD COLUMN evil INT");
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : GUARDS.initStatements(GuardSettings.DEFAULT)) {
        statement.execute(sql);
      }
      for (String write : writes) {
        // Outside Connector/J's own read-only check: the server's refusal (1792) is what counts.
        statement.execute("START TRANSACTION READ ONLY");
        SQLException e = catchThrowableOfType(SQLException.class, () -> statement.execute(write));
        statement.execute("ROLLBACK");
        assertThat((Object) e).as("server must refuse %s", write).isNotNull();
        assertThat(TRANSLATOR.translate(e).category())
            .as(write)
            .isEqualTo(ErrorCategory.READ_ONLY_VIOLATION);
      }
    }
    assertThat(countItems()).isEqualTo(50);
  }

  @Test
  void statementOverTheTimeoutIsCutByTheServer() throws SQLException {
    try (Connection connection = guarded(new GuardSettings(true, Duration.ofMillis(500), 10));
        Statement statement = connection.createStatement()) {
      long start = System.nanoTime();
      SQLException e =
          catchThrowableOfType(SQLException.class, () -> statement.executeQuery("SELECT SLEEP(5)"));
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertThat((Object) e).isNotNull();
      assertThat(e.getErrorCode()).isIn(1969, 3024); // MariaDB, MySQL
      assertThat(elapsedMs).isLessThan(3000);
    }
  }

  @Test
  void hostileSessionSwitchIsAcceptedByTheServerButSeenByIsReadOnly() throws SQLException {
    // The documented limit of MySQL and MariaDB: session variables are not transactional and any
    // account may change them. SqlGuard refuses SET; isReadOnly lets a pool discard the connection.
    for (String hostile :
        List.of("SET SESSION TRANSACTION READ WRITE", "SET @@SESSION.transaction_read_only = 0")) {
      try (Connection connection = guarded(GuardSettings.DEFAULT);
          Statement statement = connection.createStatement()) {
        statement.execute(hostile);
        connection.rollback();
        assertThat(GUARDS.isReadOnly(connection)).as(hostile).isFalse();
      }
    }
  }

  @Test
  void intoOutfileIsNotAWriteToTheServerButNeedsTheFilePrivilege() throws SQLException {
    String file = "/tmp/databaseai-outfile-" + System.nanoTime() + ".txt";
    try (Connection connection = readerConnection()) {
      GUARDS.apply(connection, GuardSettings.DEFAULT);
      try (Statement statement = connection.createStatement()) {
        SQLException e =
            catchThrowableOfType(
                SQLException.class,
                () -> statement.executeQuery("SELECT id FROM items INTO OUTFILE '" + file + "'"));
        assertThat((Object) e).isNotNull();
        assertThat(TRANSLATOR.translate(e).category()).isEqualTo(ErrorCategory.PERMISSION_DENIED);
      }
    }
    assertThat(new File(file)).doesNotExist();
  }

  @Test
  void loadFileReadsNothingWithoutTheFilePrivilege() throws SQLException {
    try (Connection connection = readerConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT LOAD_FILE('/etc/passwd')")) {
      rs.next();
      assertThat(rs.getString(1)).isNull();
    }
    assertThat(GUARDS.deniedFunctions()).contains("load_file", "sleep", "benchmark", "get_lock");
  }

  @Test
  void deniedFunctionsExistOnTheServerSoTheDenyListIsNotDeadWeight() throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      for (String call :
          List.of(
              "SLEEP(0)",
              "BENCHMARK(1, 1)",
              "IS_FREE_LOCK('x')",
              "IS_USED_LOCK('x')",
              "RELEASE_ALL_LOCKS()")) {
        statement.executeQuery("SELECT " + call).close();
        assertThat(GUARDS.deniedFunctions())
            .contains(call.substring(0, call.indexOf('(')).toLowerCase());
      }
    }
  }

  private static Connection guarded(GuardSettings settings) throws SQLException {
    Connection connection = db.connect();
    GUARDS.apply(connection, settings);
    return connection;
  }

  private static Connection readerConnection() throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), readerUser, "pw-" + readerUser);
  }

  private static long countItems() throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT COUNT(*) FROM items")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String database() {
    String url = db.jdbcUrl();
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
