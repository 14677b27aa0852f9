package dev.databaseai.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.server.api.ApiException;
import dev.databaseai.server.config.PoolSettings;
import dev.databaseai.server.config.QuerySettings;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Pools against a real PostgreSQL: guards on every connection, caps that answer instead of hanging.
 */
class TenantPoolsTest {

  private static final QuerySettings QUERY = new QuerySettings(1000, Duration.ofSeconds(7), 3);

  private static TenantPools pools(int perPool, int global) {
    return pools(perPool, global, 10, Duration.ofMinutes(10));
  }

  private static TenantPools pools(int perPool, int global, int maxPools, Duration idleClose) {
    return new TenantPools(
        new PoolSettings(perPool, global, Duration.ofMillis(400), idleClose, maxPools),
        QUERY,
        new SimpleMeterRegistry());
  }

  private static Tenant open(TenantPools pools, TestDatabase db) throws SQLException {
    return pools.open(
        new TenantKey(db.jdbcUrl(), db.username()), db.password(), postgres(db), false);
  }

  private static int liveThreadsNamed(String fragment) {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().contains(fragment))
            .count();
  }

  private static Dialect postgres(TestDatabase db) {
    return Dialects.load().forJdbcUrl(db.jdbcUrl());
  }

  @Test
  void everyPooledConnectionIsReadOnlyWithTheStatementTimeout() throws Exception {
    TestDatabase db = TestDatabases.postgres("guards");
    try (TenantPools pools = pools(2, 4)) {
      Tenant tenant =
          pools.open(
              new TenantKey(db.jdbcUrl(), db.username()), db.password(), postgres(db), false);
      try (Connection c = tenant.connection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SHOW default_transaction_read_only")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("on");
        assertThat(c.isReadOnly()).isTrue();
      }
      try (Connection c = tenant.connection();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("7s");
      }
    }
  }

  @Test
  void globalCapAcrossPoolsAnswersWithinTheBoundNamingTheSetting() throws Exception {
    TestDatabase a = TestDatabases.postgres("cap_a");
    TestDatabase b = TestDatabases.postgres("cap_b");
    try (TenantPools pools = pools(2, 2)) {
      Tenant ta =
          pools.open(new TenantKey(a.jdbcUrl(), a.username()), a.password(), postgres(a), false);
      Tenant tb =
          pools.open(new TenantKey(b.jdbcUrl(), b.username()), b.password(), postgres(b), false);
      try (Connection held1 = ta.connection();
          Connection held2 = ta.connection()) {
        long started = System.nanoTime();
        assertThatThrownBy(tb::connection)
            .isInstanceOf(ConnectionsExhaustedException.class)
            .hasMessageContaining("databaseai.pools.global-max")
            .hasMessageContaining("All 2 connections");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
      }
      try (Connection again = tb.connection()) {
        assertThat(again.isValid(2)).isTrue();
      }
      assertThat(pools.stats()).containsEntry("connectionsInUse", 0).containsEntry("poolCount", 2);
    }
  }

  @Test
  void theGlobalCapBoundsOpenConnectionsAcrossManyPoolsByReclaimingIdleOnes() throws Exception {
    try (TenantPools pools = pools(2, 2)) {
      for (int i = 0; i < 5; i++) {
        TestDatabase db = TestDatabases.postgres("budget" + i);
        Tenant tenant =
            pools.open(
                new TenantKey(db.jdbcUrl(), db.username()), db.password(), postgres(db), false);
        try (Connection c = tenant.connection()) {
          assertThat(c.isValid(2)).isTrue();
        }
        assertThat(pools.stats()).containsEntry("poolCount", i + 1);
        assertThat((Integer) pools.stats().get("connectionsOpen")).isLessThanOrEqualTo(2);
      }
      assertThat(pools.stats()).containsEntry("connectionsInUse", 0);
    }
  }

  @Test
  void atMaxPoolsTheLeastRecentlyUsedIdlePoolIsDetachedAndReopensOnItsNextUse() throws Exception {
    TestDatabase a = TestDatabases.postgres("lru_a");
    TestDatabase b = TestDatabases.postgres("lru_b");
    TestDatabase c = TestDatabases.postgres("lru_c");
    try (TenantPools pools = pools(2, 4, 2, Duration.ofMinutes(10))) {
      Tenant ta = open(pools, a);
      Thread.sleep(5);
      Tenant tb = open(pools, b);
      Thread.sleep(5);
      Tenant tc = open(pools, c); // detaches a's pool, the least recently used

      assertThat(pools.stats()).containsEntry("poolCount", 2).containsEntry("tenantCount", 3);
      assertThat(ta.hasLivePool()).isFalse();
      assertThat(ta.stats().total()).isZero();
      assertThat(tb.hasLivePool()).isTrue();
      assertThat(tc.hasLivePool()).isTrue();

      try (Connection again = ta.connection(); // reopens a's pool, detaching b's
          Statement s = again.createStatement();
          ResultSet rs = s.executeQuery("SHOW default_transaction_read_only")) {
        rs.next();
        assertThat(rs.getString(1)).as("a reopened pool keeps the guards").isEqualTo("on");
      }
      assertThat(ta.hasLivePool()).isTrue();
      assertThat(tb.hasLivePool()).isFalse();
      assertThat(pools.stats()).containsEntry("poolCount", 2).containsEntry("connectionsInUse", 0);
    }
  }

  @Test
  void atMaxPoolsWithEveryPoolBusyANewDatabaseGets503PoolLimit() throws Exception {
    TestDatabase a = TestDatabases.postgres("busy_a");
    TestDatabase b = TestDatabases.postgres("busy_b");
    try (TenantPools pools = pools(2, 4, 1, Duration.ofMinutes(10))) {
      Tenant ta = open(pools, a);
      try (Connection held = ta.connection()) {
        assertThatThrownBy(() -> open(pools, b))
            .isInstanceOfSatisfying(
                ApiException.class,
                e -> {
                  assertThat(e.status().getCode()).isEqualTo(503);
                  assertThat(e.error())
                      .containsEntry("code", "POOL_LIMIT")
                      .extractingByKey("message")
                      .asString()
                      .contains("databaseai.pools.max-pools");
                });
        assertThat(held.isValid(2)).isTrue();
      }
      assertThat(open(pools, b).hasLivePool()).isTrue();
      assertThat(pools.stats()).containsEntry("poolCount", 1);
    }
  }

  @Test
  void idleCloseDetachesPoolsOfSessionsAndForgetsTenantsWithoutAnyAndTheirThreads()
      throws Exception {
    TestDatabase a = TestDatabases.postgres("sweep_a");
    TestDatabase b = TestDatabases.postgres("sweep_b");
    try (TenantPools pools = pools(2, 4, 10, Duration.ZERO)) {
      Tenant withSession = open(pools, a);
      withSession.sessionOpened();
      Tenant without = open(pools, b);
      assertThat(liveThreadsNamed(withSession.id() + ":connection-")).isPositive();

      Thread.sleep(5);
      pools.closeIdle();

      assertThat(pools.stats()).containsEntry("poolCount", 0).containsEntry("tenantCount", 1);
      assertThat(pools.find(withSession.key())).containsSame(withSession);
      assertThat(pools.find(without.key())).isEmpty();
      assertThat(liveThreadsNamed(withSession.id() + ":connection-"))
          .as("HikariCP's adder and closer threads end with the pool")
          .isZero();
      try (Connection again = withSession.connection()) {
        assertThat(again.isValid(2)).isTrue();
      }
      assertThat(pools.stats()).containsEntry("poolCount", 1);
    }
  }

  @Test
  void perPoolCapAnswersNamingTheSetting() throws Exception {
    TestDatabase db = TestDatabases.postgres("cap_pool");
    try (TenantPools pools = pools(1, 10)) {
      Tenant tenant =
          pools.open(
              new TenantKey(db.jdbcUrl(), db.username()), db.password(), postgres(db), false);
      try (Connection held = tenant.connection()) {
        assertThatThrownBy(tenant::connection)
            .isInstanceOf(ConnectionsExhaustedException.class)
            .hasMessageContaining("databaseai.pools.max-per-pool")
            .hasMessageContaining("active=1");
      }
    }
  }

  @Test
  void sameDatabaseAndUserShareOnePoolAndAWrongPasswordIsRefused() throws Exception {
    try (dev.databaseai.server.demo.DemoDatabase demo =
            new dev.databaseai.server.demo.DemoDatabase();
        TenantPools pools = pools(2, 4)) {
      var credentials = demo.credentials();
      TenantKey key = credentials.key();
      Dialect dialect = Dialects.load().forJdbcUrl(key.jdbcUrl());
      Tenant first = pools.open(key, credentials.password(), dialect, false);
      Tenant second = pools.open(key, credentials.password(), dialect, false);
      assertThat(second).isSameAs(first);
      assertThatThrownBy(() -> pools.open(key, "wrong", dialect, false))
          .isInstanceOf(SQLException.class);
      assertThat(pools.all()).hasSize(1);
      assertThat(first.toString()).doesNotContain(credentials.password());
      assertThat(first.stats().toString()).doesNotContain(credentials.password());
      assertThat(credentials.toString()).doesNotContain(credentials.password());
    }
  }

  @Test
  void closedPoolsAreGone() throws Exception {
    TestDatabase db = TestDatabases.postgres("closing");
    TenantPools pools = pools(2, 4);
    Tenant tenant =
        pools.open(new TenantKey(db.jdbcUrl(), db.username()), db.password(), postgres(db), false);
    pools.close();
    assertThat(pools.all()).isEmpty();
    assertThatThrownBy(tenant::connection).isInstanceOf(SQLException.class);
  }
}
