package dev.databaseai.agent;

import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;

class MariaDbAgentTest extends AgentContractTest {

  @Override
  protected TestDatabase createDatabase() {
    return TestDatabases.mariadb("agent");
  }

  @Override
  protected String typeMismatchSql() {
    return "SELECT id FROM orders WHERE ordered_at = POINT(2024, 1)";
  }

  @Override
  protected String unknownFunctionSql() {
    return "SELECT COUNT(*) FROM orders WHERE STRFTIME('%Y-%m', ordered_at) >= '2024-03'";
  }

  @Override
  protected String nearMissLiteral() {
    return "off-line"; // MariaDB's default collation already matches 'offline' to 'OFFLINE'
  }
}
