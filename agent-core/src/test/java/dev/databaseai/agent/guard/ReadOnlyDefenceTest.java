package dev.databaseai.agent.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 3's proof of the two lines of defence, on both real databases: every refused statement
 * class is refused by {@link SqlGuard} before it reaches the database; every one that writes is
 * also sent directly to a connection under the dialect's session guards, which must refuse it
 * itself; afterwards the data (table list, row counts and key sums) is unchanged and the session
 * still refuses writes.
 */
class ReadOnlyDefenceTest {

  private static final List<String> TABLES = List.of("role", "orders", "order_item");

  /**
   * A statement class: its SQL per database, and whether the database itself must refuse it too
   * (writes). Statements that change no data but would loosen the session (SET), lock, sleep or
   * read files are refused by SqlGuard only and never sent directly.
   */
  record Attack(String name, String postgres, String mysql, boolean direct) {}

  private static final List<Attack> ATTACKS =
      List.of(
          new Attack("DELETE", "DELETE FROM orders", "DELETE FROM orders", true),
          new Attack(
              "UPDATE",
              "UPDATE orders SET status = 'hacked'",
              "UPDATE orders SET status = 'hacked'",
              true),
          new Attack(
              "INSERT",
              "INSERT INTO role VALUES (9, 'x', 'y')",
              "INSERT INTO role VALUES (9, 'x', 'y')",
              true),
          new Attack(
              "MERGE",
              "MERGE INTO role r USING role s ON r.id = s.id WHEN MATCHED THEN DELETE",
              null,
              true),
          new Attack("REPLACE", null, "REPLACE INTO role VALUES (1, 'evil', 'evil')", true),
          new Attack("CREATE", "CREATE TABLE evil (id int)", "CREATE TABLE evil (id int)", true),
          new Attack(
              "ALTER",
              "ALTER TABLE role ADD COLUMN evil int",
              "ALTER TABLE role ADD COLUMN evil int",
              true),
          new Attack("DROP", "DROP TABLE order_item", "DROP TABLE order_item", true),
          new Attack("TRUNCATE", "TRUNCATE TABLE order_item", "TRUNCATE TABLE order_item", true),
          new Attack(
              "RENAME", "ALTER TABLE role RENAME TO evil", "RENAME TABLE role TO evil", true),
          new Attack("COMMENT", "COMMENT ON TABLE role IS 'evil'", null, true),
          new Attack(
              "GRANT", "GRANT ALL ON role TO PUBLIC", "GRANT ALL ON role TO 'nobody'@'%'", false),
          new Attack(
              "REVOKE",
              "REVOKE ALL ON role FROM PUBLIC",
              "REVOKE ALL ON role FROM 'nobody'@'%'",
              false),
          new Attack("COPY", "COPY role FROM '/etc/hostname'", null, true),
          new Attack("DO", "DO $$ BEGIN DELETE FROM orders; END $$", null, true),
          new Attack("CALL", "CALL cleanup()", "CALL cleanup()", false),
          new Attack(
              "SET",
              "SET default_transaction_read_only = off",
              "SET SESSION TRANSACTION READ WRITE",
              false),
          new Attack("RESET", "RESET ALL", null, false),
          new Attack(
              "LOCK", "LOCK TABLE role IN ACCESS EXCLUSIVE MODE", "LOCK TABLES role WRITE", false),
          new Attack("VACUUM/ANALYZE", "VACUUM role", "ANALYZE TABLE role", false),
          new Attack(
              "data-modifying CTE",
              "WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone",
              null,
              true),
          new Attack(
              "SELECT FOR UPDATE",
              "SELECT * FROM orders FOR UPDATE",
              "SELECT * FROM orders FOR UPDATE",
              false),
          new Attack(
              "SELECT FOR SHARE",
              "SELECT * FROM orders FOR SHARE",
              "SELECT * FROM orders LOCK IN SHARE MODE",
              false),
          new Attack(
              "SELECT INTO",
              "SELECT * INTO evil FROM orders",
              "SELECT * FROM orders INTO OUTFILE '/tmp/databaseai-evil.csv'",
              false),
          new Attack(
              "multiple statements",
              "SELECT 1; DELETE FROM orders",
              "SELECT 1; DELETE FROM orders",
              true),
          new Attack(
              "comment-hidden second statement",
              "SELECT 1 /* ok */; -- \nDELETE FROM orders",
              "SELECT 1 /* ok */; -- \nDELETE FROM orders",
              true),
          new Attack("executable comment", null, "/*! DELETE FROM orders */", true),
          new Attack(
              "denied function",
              "SELECT pg_read_file('/etc/hostname')",
              "SELECT LOAD_FILE('/etc/hostname')",
              false),
          new Attack("sleep", "SELECT pg_sleep(60)", "SELECT SLEEP(60)", false));

  @Test
  void postgresRefusesEveryClassTwiceAndKeepsTheDataAndTheReadOnlySession() throws Exception {
    prove(TestDatabases.postgres("guard"), Dialects.load().byId("postgres"), true);
  }

  @Test
  void mariadbRefusesEveryClassTwiceAndKeepsTheDataAndTheReadOnlySession() throws Exception {
    prove(TestDatabases.mariadb("guard"), Dialects.load().byId("mysql"), false);
  }

  private static void prove(TestDatabase database, Dialect dialect, boolean postgres)
      throws Exception {
    database.execute(
        "CREATE TABLE role (id INT PRIMARY KEY, role_name VARCHAR(50) NOT NULL, description VARCHAR(200))",
        "CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(20) NOT NULL)",
        "CREATE TABLE order_item (id INT PRIMARY KEY, order_id INT NOT NULL REFERENCES orders(id), quantity INT)",
        "INSERT INTO role VALUES (1, 'admin', 'all'), (2, 'viewer', 'read')",
        "INSERT INTO orders VALUES (1, 'open'), (2, 'shipped'), (3, 'open')",
        "INSERT INTO order_item VALUES (1, 1, 3), (2, 1, 1), (3, 3, 7)");
    SqlGuard guard = new SqlGuard(dialect.sessionGuards().deniedFunctions());
    Map<String, String> before = fingerprint(database);
    List<String> report = new ArrayList<>();
    try (Connection connection = database.connect()) {
      dialect.sessionGuards().apply(connection, GuardSettings.DEFAULT);
      assertThat(dialect.sessionGuards().isReadOnly(connection)).isTrue();
      for (Attack attack : ATTACKS) {
        String sql = postgres ? attack.postgres() : attack.mysql();
        if (sql == null) {
          continue;
        }
        GuardDecision decision = guard.check(sql);
        assertThat(decision.allowed())
            .as("SqlGuard must refuse %s: %s", attack.name(), sql)
            .isFalse();
        assertThat(decision.reason()).as(attack.name()).isNotBlank();
        if (attack.direct()) {
          assertThatThrownBy(
                  () -> {
                    try (Statement statement = connection.createStatement()) {
                      statement.execute(sql);
                    }
                  })
              .as("the read-only session must refuse %s: %s", attack.name(), sql)
              .isInstanceOf(SQLException.class);
          if (!connection.getAutoCommit()) {
            connection.rollback();
          }
          report.add(attack.name() + ": refused by SqlGuard and by the database");
        } else {
          report.add(attack.name() + ": refused by SqlGuard (" + decision.reason() + ")");
        }
      }
      assertThat(dialect.sessionGuards().isReadOnly(connection))
          .as("session still read-only")
          .isTrue();
      assertThatThrownBy(
              () -> {
                try (Statement statement = connection.createStatement()) {
                  statement.execute("INSERT INTO role VALUES (8, 'late', 'late')");
                }
              })
          .isInstanceOf(SQLException.class);
    }
    assertThat(fingerprint(database)).as("tables, row counts and key sums").isEqualTo(before);
    System.out.println(dialect.id() + " guard proof:\n  " + String.join("\n  ", report));
  }

  /** Table list plus each table's row count and key sum, read on a fresh connection. */
  private static Map<String, String> fingerprint(TestDatabase database) throws SQLException {
    Map<String, String> result = new TreeMap<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      try (ResultSet tables =
          connection
              .getMetaData()
              .getTables(connection.getCatalog(), null, "%", new String[] {"TABLE"})) {
        List<String> names = new ArrayList<>();
        while (tables.next()) {
          names.add(tables.getString("TABLE_NAME"));
        }
        result.put("tables", String.join(",", names.stream().sorted().toList()));
      }
      for (String table : TABLES) {
        try (ResultSet rs =
            statement.executeQuery("SELECT COUNT(*), SUM(id), MAX(id) FROM " + table)) {
          rs.next();
          result.put(table, rs.getLong(1) + "/" + rs.getLong(2) + "/" + rs.getLong(3));
        }
      }
      try (ResultSet rs =
          statement.executeQuery("SELECT COUNT(*) FROM orders WHERE status = 'hacked'")) {
        rs.next();
        result.put("hacked", Long.toString(rs.getLong(1)));
      }
    }
    return result;
  }
}
