package dev.databaseai.server.cli;

import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;

class CliOnMariaDbTest extends CliDatabaseContract {

  @Override
  TestDatabase createDatabase() {
    return TestDatabases.mariadb("cli");
  }

  @Override
  String dialectKey() {
    return "mysql";
  }
}
