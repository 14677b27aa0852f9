package dev.databaseai.server;

import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;

/**
 * Test databases from the testkit. Embedded MariaDB can miss its 30-second start-up window on a
 * loaded machine; one more try is made before the test fails.
 */
public final class Databases {

  private Databases() {}

  /** A fresh MariaDB database, retrying the embedded server's start once. */
  public static TestDatabase mariadb(String prefix) {
    try {
      return TestDatabases.mariadb(prefix);
    } catch (IllegalStateException first) {
      return TestDatabases.mariadb(prefix);
    }
  }
}
