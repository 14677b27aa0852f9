package dev.databaseai.dialect.mysql;

import dev.databaseai.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Test support: which server the tests run on (embedded MariaDB by default; MySQL 8.4 with
 * Testcontainers or an external server), so that tests of one server's own behaviour run only
 * there.
 */
final class ServerFlavor {

  private ServerFlavor() {}

  static MySqlFlavor of(TestDatabase db) {
    try (Connection connection = db.connect()) {
      return MySqlFlavor.of(connection);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not ask the test server its version: " + e.getMessage(), e);
    }
  }

  static boolean isMariaDb(TestDatabase db) {
    return of(db) == MySqlFlavor.MARIADB;
  }
}
