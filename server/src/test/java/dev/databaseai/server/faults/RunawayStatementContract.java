package dev.databaseai.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.testkit.TestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A statement that would run forever is cut by the statement timeout: the caller gets a TIMEOUT
 * diagnosis soon after the timeout, the database stops working on it, and the pool's only
 * connection comes back healthy and still read-only. Two runaways: a query that computes for hours,
 * and a query waiting on a {@link TableLock} held by another connection. Subclasses supply the
 * database and the SQL their dialect needs for the runaway and the checks.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunawayStatementContract implements TestPropertyProvider {

  @Inject EmbeddedServer server;

  private ApiClient api;
  private TestDatabase db;
  private String session;

  /** A fresh database on a real server. */
  abstract TestDatabase createDatabase();

  /** A query that would compute for hours (the guard refuses sleep functions). */
  abstract String endlessQuery();

  /** One row of two columns: the session's read-only flag and its statement timeout. */
  abstract String guardsProbe();

  /** What {@link #guardsProbe()} answers on a read-only session with the 1 s timeout. */
  abstract List<Object> readOnlyWithTheTimeout();

  /** Counts the statements on {@code table} the database still runs for other connections. */
  abstract String runningQueriesOn(String table);

  /** The server's settings (here because {@code @Property} on a superclass is not inherited). */
  @Override
  public Map<String, String> getProperties() {
    return Map.of(
        "micronaut.server.port", "-1",
        "databaseai.demo.enabled", "false",
        "databaseai.pools.max-per-pool", "1",
        "databaseai.query.statement-timeout", "1s");
  }

  @BeforeAll
  void session() {
    api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(20));
    db = createDatabase();
    db.execute("CREATE TABLE held (id int)", "INSERT INTO held VALUES (1), (2)");
    session = api.jdbcSession(db.jdbcUrl(), db.username(), db.password());
  }

  @Test
  void endlessQueryIsCutByTheTimeoutAndTheConnectionStaysReadOnly() throws Exception {
    ApiClient.Reply reply = api.sql(session, endlessQuery());

    assertCutByTimeout(reply);
    assertConnectionHealthyAndReadOnly();
  }

  @Test
  void queryWaitingForeverOnALockIsCutByTheTimeoutAndTheConnectionStaysReadOnly() throws Exception {
    ApiClient.Reply reply;
    try (TableLock lock = TableLock.on(db, "held")) {
      reply = api.sql(session, "SELECT count(*) FROM held");

      assertCutByTimeout(reply);
      assertThat(runningQueries("held")).as("the database stopped waiting, too").isZero();
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
    ApiClient.Reply probe = api.sql(session, guardsProbe());
    assertThat(probe.status()).as(probe.body()).isEqualTo(200);
    assertThat(probe.rows()).containsExactly(readOnlyWithTheTimeout());
    ApiClient.Reply write = api.sql(session, "DELETE FROM held");
    assertThat(write.status()).as(write.body()).isEqualTo(403);
  }

  private long runningQueries(String table) throws Exception {
    try (Connection admin = db.connect();
        Statement statement = admin.createStatement();
        ResultSet rows = statement.executeQuery(runningQueriesOn(table))) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
