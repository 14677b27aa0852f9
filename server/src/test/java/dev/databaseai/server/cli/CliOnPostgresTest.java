package dev.databaseai.server.cli;

import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;

class CliOnPostgresTest extends CliDatabaseContract {

  @Override
  TestDatabase createDatabase() {
    return TestDatabases.postgres("cli");
  }

  @Override
  String dialectKey() {
    return "postgres";
  }
}
