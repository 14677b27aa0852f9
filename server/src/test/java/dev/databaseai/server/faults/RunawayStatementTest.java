package dev.databaseai.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A statement that would run forever is cut by the statement timeout: the caller gets a TIMEOUT
 * diagnosis soon after the timeout, the database stops working on it, and the pool's only
 * connection comes back healthy and still read-only.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "databaseai.demo.enabled", value = "false")
@Property(name = "databaseai.pools.max-per-pool", value = "1")
@Property(name = "databaseai.query.statement-timeout", value = "1s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunawayStatementTest {

  @Inject EmbeddedServer server;

  private ApiClient api;
  private TestDatabase db;
  private String session;

  @BeforeAll
  void session() {
    api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(20));
    db = TestDatabases.postgres("runaway");
    db.execute("CREATE TABLE held (id int)", "INSERT INTO held VALUES (1), (2)");
    session = api.jdbcSession(db.jdbcUrl(), db.username(), db.password());
  }

  @Test
  void endlessRecursiveQueryIsCutByTheTimeoutAndTheConnectionStaysReadOnly() throws Exception {
    ApiClient.Reply reply =
        api.sql(
            session,
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r) SELECT count(*) FROM r");

    assertCutByTimeout(reply);
    assertConnectionHealthyAndReadOnly();
  }

  @Test
  void queryWaitingForeverOnALockIsCutByTheTimeoutAndTheConnectionStaysReadOnly() throws Exception {
    ApiClient.Reply reply;
    try (TableLock lock = TableLock.on(db, "held")) {
      reply = api.sql(session, "SELECT count(*) FROM held");

      assertCutByTimeout(reply);
      assertThat(activeQueriesOn("held")).as("the database stopped waiting, too").isZero();
    }
    assertConnectionHealthyAndReadOnly();
    assertThat(api.sql(session, "SELECT count(*) FROM held").rows()).containsExactly(List.of(2));
  }

  private static void assertCutByTimeout(ApiClient.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
    assertThat(reply.error()).as(reply.body()).containsEntry("category", "TIMEOUT");
    assertThat(reply.elapsedMs()).as("cut near the 1 s timeout").isBetween(900L, 6_000L);
  }

  private void assertConnectionHealthyAndReadOnly() {
    ApiClient.Reply probe =
        api.sql(
            session,
            "SELECT current_setting('transaction_read_only') AS ro, current_setting('statement_timeout') AS t");
    assertThat(probe.status()).as(probe.body()).isEqualTo(200);
    assertThat(probe.rows()).containsExactly(List.of("on", "1s"));
    ApiClient.Reply write = api.sql(session, "DELETE FROM held");
    assertThat(write.status()).as(write.body()).isEqualTo(403);
  }

  private long activeQueriesOn(String table) throws Exception {
    try (Connection admin = db.connect();
        Statement statement = admin.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid()"
                    + " AND query LIKE '%FROM "
                    + table
                    + "%'")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
