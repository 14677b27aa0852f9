package dev.databaseai.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The two guard layers on a real PostgreSQL, including what each layer alone does and does not
 * stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSessionGuardsTest {

  private final TestDatabase database = TestDatabases.postgres("guards");
  private final PostgresSessionGuards guards = new PostgresSessionGuards();

  @BeforeAll
  void schema() {
    database.execute(
        "CREATE TABLE account (id integer PRIMARY KEY, balance integer NOT NULL)",
        "INSERT INTO account VALUES (1, 100)");
  }

  @Test
  void initStatementsSetReadOnlyAndTimeoutsInMilliseconds() {
    assertThat(guards.initStatements(new GuardSettings(true, Duration.ofSeconds(30), 10)))
        .containsExactly(
            "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY",
            "SET statement_timeout = 30000",
            "SET idle_in_transaction_session_timeout = 60000");
    assertThat(guards.initStatements(new GuardSettings(false, Duration.ofMinutes(2), 10)))
        .containsExactly(
            "SET statement_timeout = 120000", "SET idle_in_transaction_session_timeout = 240000");
  }

  @Test
  void appliedSettingsAreVisibleToTheServer() throws SQLException {
    try (Connection connection = database.connect()) {
      guards.apply(connection, new GuardSettings(true, Duration.ofMillis(1500), 10));
      assertThat(show(connection, "statement_timeout")).isEqualTo("1500ms");
      assertThat(show(connection, "default_transaction_read_only")).isEqualTo("on");
      assertThat(connection.isReadOnly()).isTrue();
      assertThat(connection.getAutoCommit()).isFalse();
      connection.rollback();
    }
  }

  @Test
  void settingsSurviveTheCallersRollbackBecauseTheyRunOutsideATransaction() throws SQLException {
    try (Connection connection = database.connect()) {
      connection.setAutoCommit(false); // e.g. a pool configured with autoCommit=false
      guards.apply(connection, GuardSettings.DEFAULT);
      connection.rollback();
      assertThat(show(connection, "default_transaction_read_only")).isEqualTo("on");
      assertThat(show(connection, "statement_timeout")).isEqualTo("30s");
      connection.rollback();
    }
  }

  @Test
  void sessionDefaultAloneCanBeFlippedByHostileSqlWhichIsWhyApplyAddsReadOnlyTransactions()
      throws SQLException {
    // Layer one only (what a pool's connection-init SQL does): a SET undoes it for later
    // statements.
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : guards.initStatements(GuardSettings.DEFAULT)) {
        statement.execute(sql);
      }
      statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
      assertThat(show(connection, "transaction_read_only")).isEqualTo("off");
    }
    // Both layers: the same SET is rolled back with its transaction, and BEGIN READ ONLY comes
    // first anyway.
    try (Connection connection = database.connect()) {
      guards.apply(connection, GuardSettings.DEFAULT);
      runThenRollback(connection, "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE");
      assertThat(show(connection, "default_transaction_read_only")).isEqualTo("on");
      assertThatThrownBy(() -> runThenRollback(connection, "UPDATE account SET balance = 0"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("read-only transaction");
      connection.rollback();
    }
    assertThat(balance()).isEqualTo(100);
  }

  @Test
  void aWholeHostileSequenceLeavesTheConnectionReadOnly() throws SQLException {
    try (Connection connection = database.connect()) {
      guards.apply(connection, GuardSettings.DEFAULT);
      for (String hostile :
          new String[] {
            "SET TRANSACTION READ WRITE",
            "RESET ALL",
            "SET default_transaction_read_only = off",
            "SELECT set_config('default_transaction_read_only', 'off', false)",
            "SET statement_timeout = 0"
          }) {
        try {
          runThenRollback(connection, hostile);
        } catch (SQLException refused) {
          // refused by PostgreSQL: also fine
        }
      }
      assertThat(guards.isReadOnly(connection)).isTrue();
      assertThat(show(connection, "statement_timeout")).isEqualTo("30s");
      assertThatThrownBy(() -> runThenRollback(connection, "DELETE FROM account"))
          .isInstanceOf(SQLException.class);
    }
    assertThat(balance()).isEqualTo(100);
  }

  @Test
  void reapplyingOnAGuardedConnectionWorks() throws SQLException {
    try (Connection connection = database.connect()) {
      guards.apply(connection, GuardSettings.DEFAULT);
      guards.apply(connection, new GuardSettings(true, Duration.ofSeconds(5), 10));
      assertThat(show(connection, "statement_timeout")).isEqualTo("5s");
      assertThat(guards.isReadOnly(connection)).isTrue();
      connection.rollback();
    }
  }

  @Test
  void writeOptInKeepsTheTimeoutButAllowsWrites() throws SQLException {
    try (Connection connection = database.connect()) {
      guards.apply(connection, new GuardSettings(false, Duration.ofSeconds(5), 10));
      assertThat(guards.isReadOnly(connection)).isFalse();
      assertThat(connection.getAutoCommit()).isTrue();
      try (Statement statement = connection.createStatement()) {
        statement.execute("UPDATE account SET balance = balance WHERE id = 1");
      }
    }
  }

  @Test
  void deniedFunctionsCoverFilesNetworkSleepLocksAndSequenceWrites() {
    assertThat(guards.deniedFunctions())
        .contains(
            "pg_read_file",
            "pg_read_binary_file",
            "pg_ls_dir",
            "lo_import",
            "lo_export",
            "dblink",
            "pg_terminate_backend",
            "pg_cancel_backend",
            "set_config",
            "pg_sleep",
            "pg_advisory_lock",
            "nextval",
            "setval",
            "pg_notify")
        .doesNotContain("current_setting", "now", "count");
  }

  private static void runThenRollback(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } finally {
      connection.rollback();
    }
  }

  private static String show(Connection connection, String setting) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private int balance() throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT balance FROM account WHERE id = 1")) {
      rows.next();
      return rows.getInt(1);
    }
  }
}
