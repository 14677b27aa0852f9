package dev.databaseai.server.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.server.faults.ApiClient;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code databaseai.pools.max-pools} over HTTP: with one live pool allowed, sessions on two
 * databases take turns. Each {@code /sql} detaches the other database's idle pool and reopens its
 * own, and no session notices.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "databaseai.demo.enabled", value = "false")
@Property(name = "databaseai.pools.max-pools", value = "1")
class LivePoolLimitOverHttpTest {

  @Inject EmbeddedServer server;

  @Test
  void sessionsOnMoreDatabasesThanLivePoolsTakeTurnsWithoutNoticing() {
    ApiClient api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(20));
    List<String> sessions = List.of(session(api, "turns_a", 1), session(api, "turns_b", 2));

    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < sessions.size(); i++) {
        ApiClient.Reply reply = api.sql(sessions.get(i), "SELECT marker FROM which");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.rows()).containsExactly(List.of(i + 1));
      }
    }

    Map<String, Object> stats = api.get("/api/v1/stats/pools").json();
    assertThat(stats).containsEntry("poolCount", 1).containsEntry("tenantCount", 2);
    for (String session : sessions) {
      assertThat(api.get("/api/v1/sessions/" + session).status()).isEqualTo(200);
    }
  }

  private static String session(ApiClient api, String name, int marker) {
    TestDatabase db = TestDatabases.postgres(name);
    db.execute("CREATE TABLE which (marker int)", "INSERT INTO which VALUES (" + marker + ")");
    return api.jdbcSession(db.jdbcUrl(), db.username(), db.password());
  }
}
