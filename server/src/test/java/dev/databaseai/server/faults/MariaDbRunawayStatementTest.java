package dev.databaseai.server.faults;

import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.util.List;

/**
 * {@link RunawayStatementContract} on MariaDB: {@code max_statement_time} (error 1969). An endless
 * recursive CTE does not exist there ({@code max_recursive_iterations} ends it after 1,000 rounds),
 * so the runaway is a cross join of two billion-row tables of the Sequence engine.
 */
class MariaDbRunawayStatementTest extends RunawayStatementContract {

  @Override
  TestDatabase createDatabase() {
    return TestDatabases.mariadb("runaway");
  }

  @Override
  String endlessQuery() {
    return "SELECT count(*) FROM seq_1_to_1000000000 a, seq_1_to_1000000000 b";
  }

  @Override
  String guardsProbe() {
    return "SELECT @@session.transaction_read_only AS ro, @@session.max_statement_time AS t";
  }

  @Override
  List<Object> readOnlyWithTheTimeout() {
    return List.of(1, 1.0);
  }

  @Override
  String runningQueriesOn(String table) {
    return "SELECT count(*) FROM information_schema.PROCESSLIST WHERE command = 'Query'"
        + " AND id <> CONNECTION_ID() AND info LIKE '%FROM "
        + table
        + "%'";
  }
}
