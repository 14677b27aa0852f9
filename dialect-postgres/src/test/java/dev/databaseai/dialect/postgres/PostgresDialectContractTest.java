package dev.databaseai.dialect.postgres;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.tck.DialectContractTest;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import javax.sql.DataSource;

/** PostgreSQL passes the dialect TCK on a real (embedded or external) server. */
class PostgresDialectContractTest extends DialectContractTest {

  private final TestDatabase database = TestDatabases.postgres("tck");

  @Override
  protected Dialect dialect() {
    return new PostgresDialect();
  }

  @Override
  protected DataSource dataSource() {
    return database.dataSource();
  }

  @Override
  protected String jdbcUrl() {
    return database.jdbcUrl();
  }
}
