package dev.databaseai.agent;

import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;

class PostgresAgentTest extends AgentContractTest {

  @Override
  protected TestDatabase createDatabase() {
    return TestDatabases.postgres("agent");
  }

  @Override
  protected String typeMismatchSql() {
    return "SELECT id FROM orders WHERE ordered_at = 20240105";
  }

  @Override
  protected String unknownFunctionSql() {
    return "SELECT COUNT(*) FROM orders WHERE YEAR(ordered_at) = 2024 AND MONTH(ordered_at) >= 3";
  }

  @Override
  protected String nearMissLiteral() {
    return "offline";
  }
}
