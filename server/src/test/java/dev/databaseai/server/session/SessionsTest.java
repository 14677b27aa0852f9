package dev.databaseai.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.dialect.Dialects;
import dev.databaseai.server.api.ApiException;
import dev.databaseai.server.config.PoolSettings;
import dev.databaseai.server.config.QuerySettings;
import dev.databaseai.server.config.SessionSettings;
import dev.databaseai.server.pool.Tenant;
import dev.databaseai.server.pool.TenantKey;
import dev.databaseai.server.pool.TenantPools;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Session ids, owners, expiry, the sweeper and the cap, on a real pooled PostgreSQL database. */
class SessionsTest {

  static TenantPools pools;
  static Tenant tenant;

  @BeforeAll
  static void tenant() throws Exception {
    TestDatabase db = TestDatabases.postgres("sessions");
    pools =
        new TenantPools(
            new PoolSettings(2, 4, Duration.ofSeconds(2), Duration.ofMinutes(10), 4),
            new QuerySettings(100, Duration.ofSeconds(5), 1),
            new SimpleMeterRegistry());
    tenant =
        pools.open(
            new TenantKey(db.jdbcUrl(), db.username()),
            db.password(),
            Dialects.load().forJdbcUrl(db.jdbcUrl()),
            false);
  }

  @AfterAll
  static void close() {
    pools.close();
  }

  private static Sessions sessions(Duration ttl, int max) {
    return new Sessions(
        new SessionSettings(ttl, max, Duration.ofSeconds(30)), new SimpleMeterRegistry());
  }

  @Test
  void idsAreDistinctVersion4Uuids() {
    Sessions sessions = sessions(Duration.ofMinutes(5), 500);
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      ids.add(sessions.create("", tenant, "db").id());
    }
    assertThat(ids)
        .hasSize(200)
        .allMatch(
            id ->
                id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
    assertThat(tenant.sessionCount()).isGreaterThanOrEqualTo(200);
    ids.forEach(id -> sessions.delete(id, ""));
  }

  @Test
  void anotherOwnerGetsTheSame404AsAnUnknownId() {
    Sessions sessions = sessions(Duration.ofMinutes(5), 10);
    Session mine = sessions.create("owner-a", tenant, "db");

    assertThat(sessions.get(mine.id(), "owner-a")).isSameAs(mine);
    assertThatThrownBy(() -> sessions.get(mine.id(), "owner-b"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().getCode()).isEqualTo(404));
    assertThatThrownBy(() -> sessions.delete(mine.id(), "owner-b"))
        .isInstanceOf(ApiException.class);
    assertThat(sessions.get(mine.id(), "owner-a")).isSameAs(mine);
  }

  @Test
  void idleSessionsExpireAndTheSweeperRemovesThem() throws Exception {
    Sessions sessions = sessions(Duration.ofMillis(150), 10);
    Session looked = sessions.create("", tenant, "db");
    Session swept = sessions.create("", tenant, "db");
    int before = tenant.sessionCount();

    Thread.sleep(400);

    assertThatThrownBy(() -> sessions.get(looked.id(), ""))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().getCode()).isEqualTo(404))
        .hasMessageContaining("expired");
    sessions.sweep();
    assertThat(sessions.stats()).containsEntry("active", 0).containsEntry("expired", 2L);
    assertThat(tenant.sessionCount()).isEqualTo(before - 2);
    assertThatThrownBy(() -> sessions.get(swept.id(), "")).isInstanceOf(ApiException.class);
  }

  @Test
  void theCapAnswers503NamingTheSetting() {
    Sessions sessions = sessions(Duration.ofMinutes(5), 2);
    sessions.create("", tenant, "db");
    sessions.create("", tenant, "db");

    assertThatThrownBy(() -> sessions.create("", tenant, "db"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().getCode()).isEqualTo(503))
        .hasMessageContaining("databaseai.sessions.max");
  }
}
