package dev.databaseai.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.server.faults.ApiClient;
import dev.databaseai.server.hostile.HostileStatements.Hostile;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statement class a read-only session must refuse, and the tricks that try to smuggle one
 * past the guard, sent to {@code /sql} of a PostgreSQL session and a MariaDB session whose accounts
 * are superusers (so only the server stands between the statement and the data): each is refused
 * with 403 READ_ONLY_VIOLATION and a reason, the database's fingerprint is unchanged, no file
 * appears, and the pooled connection (one per pool here, so always the same) is still read-only.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "databaseai.demo.enabled", value = "false")
@Property(name = "databaseai.pools.max-per-pool", value = "1")
@Property(name = "databaseai.query.statement-timeout", value = "3s")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSqlTest {

  @Inject EmbeddedServer server;

  private ApiClient api;
  private TestDatabase postgres;
  private TestDatabase mariadb;
  private String postgresSession;
  private String mariadbSession;

  @BeforeAll
  void client() throws Exception {
    for (Path file : HostileStatements.targetFiles()) {
      Files.deleteIfExists(file);
    }
    api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(20));
  }

  private synchronized String postgresSession() {
    if (postgresSession == null) {
      postgres = TestDatabases.postgres("hostile");
      HostileStatements.createFixture(postgres);
      postgresSession =
          api.jdbcSession(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
    return postgresSession;
  }

  private synchronized String mariadbSession() {
    if (mariadbSession == null) {
      mariadb = TestDatabases.mariadb("hostile");
      HostileStatements.createFixture(mariadb);
      mariadbSession = api.jdbcSession(mariadb.jdbcUrl(), mariadb.username(), mariadb.password());
    }
    return mariadbSession;
  }

  @AfterEach
  void removeWrittenFiles() throws Exception {
    for (Path file : HostileStatements.writtenFiles()) {
      Files.delete(file); // so that one escape does not fail every later test
    }
  }

  static List<Hostile> postgresStatements() {
    return HostileStatements.postgres();
  }

  static List<Hostile> mariadbStatements() {
    return HostileStatements.mariadb();
  }

  @ParameterizedTest(name = "PostgreSQL /sql refuses {0}")
  @MethodSource("postgresStatements")
  void postgresSessionRefusesAndNothingChanges(Hostile hostile) {
    String session = postgresSession();
    assertRefusedWithoutEffect(postgres, session, hostile);
    assertThat(api.sql(session, "SELECT current_setting('transaction_read_only') AS ro").rows())
        .as("the session's connection is still read-only after " + hostile)
        .containsExactly(List.of("on"));
  }

  @ParameterizedTest(name = "MariaDB /sql refuses {0}")
  @MethodSource("mariadbStatements")
  void mariadbSessionRefusesAndNothingChanges(Hostile hostile) {
    String session = mariadbSession();
    assertRefusedWithoutEffect(mariadb, session, hostile);
    ApiClient.Reply readOnly = api.sql(session, "SELECT @@tx_read_only AS ro");
    assertThat(readOnly.status()).as(readOnly.body()).isEqualTo(200);
    assertThat(readOnly.rows().get(0).get(0).toString())
        .as("the session's connection is still read-only after " + hostile)
        .isEqualTo("1");
  }

  private void assertRefusedWithoutEffect(TestDatabase db, String session, Hostile hostile) {
    String before = HostileStatements.checksum(db);

    ApiClient.Reply reply = api.sql(session, hostile.sql());

    assertThat(reply.status()).as("%s → %s", hostile.sql(), reply.body()).isEqualTo(403);
    Map<String, Object> error = reply.error();
    assertThat(error).as(reply.body()).containsEntry("category", "READ_ONLY_VIOLATION");
    assertThat(String.valueOf(error.get("message")))
        .as("a reason a person can act on")
        .hasSizeGreaterThan(10);
    assertThat(reply.elapsedMs()).as("refused without running: " + hostile).isLessThan(2_500);
    assertThat(HostileStatements.checksum(db))
        .as("database unchanged by " + hostile)
        .isEqualTo(before);
    assertThat(HostileStatements.writtenFiles()).as("no file written by " + hostile).isEmpty();
  }
}
