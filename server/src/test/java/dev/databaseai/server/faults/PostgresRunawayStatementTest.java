package dev.databaseai.server.faults;

import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.util.List;

/** {@link RunawayStatementContract} on PostgreSQL: {@code statement_timeout}. */
class PostgresRunawayStatementTest extends RunawayStatementContract {

  @Override
  TestDatabase createDatabase() {
    return TestDatabases.postgres("runaway");
  }

  /** A recursive CTE without an end condition. */
  @Override
  String endlessQuery() {
    return "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r";
  }

  @Override
  String guardsProbe() {
    return "SELECT current_setting('transaction_read_only') AS ro,"
        + " current_setting('statement_timeout') AS t";
  }

  @Override
  List<Object> readOnlyWithTheTimeout() {
    return List.of("on", "1s");
  }

  @Override
  String runningQueriesOn(String table) {
    return "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()"
        + " AND query LIKE '%FROM "
        + table
        + "%'";
  }
}
