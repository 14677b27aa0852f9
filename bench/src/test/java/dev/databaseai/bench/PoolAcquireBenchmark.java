package dev.databaseai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.server.config.PoolSettings;
import dev.databaseai.server.config.QuerySettings;
import dev.databaseai.server.pool.Tenant;
import dev.databaseai.server.pool.TenantKey;
import dev.databaseai.server.pool.TenantPools;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Acquire + release of a connection through the server's pool layer ({@link TenantPools} →
 * global-cap permit → HikariCP) against opening a fresh JDBC connection per request, on the same
 * PostgreSQL in the same run; three rounds each, the medians reported.
 */
@Tag("benchmark")
class PoolAcquireBenchmark {

  private static final int ROUNDS = 3;
  private static final int POOLED_PER_ROUND = 20_000;
  private static final int FRESH_PER_ROUND = 200;

  @Test
  void pooledAcquireReleaseVersusFreshConnection() throws Exception {
    TestDatabase db = TestDatabases.postgres("bench_pool");
    Dialect dialect = Dialects.load().forJdbcUrl(db.jdbcUrl());
    QuerySettings query = new QuerySettings(1000, Duration.ofSeconds(30), 3);
    Properties login = new Properties();
    login.setProperty("user", db.username());
    login.setProperty("password", db.password());

    double[] pooledP50 = new double[ROUNDS];
    double[] pooledP99 = new double[ROUNDS];
    double[] freshP50 = new double[ROUNDS];
    double[] freshP99 = new double[ROUNDS];
    double[] guardedP50 = new double[ROUNDS];
    double[] guardedP99 = new double[ROUNDS];
    try (TenantPools pools =
        new TenantPools(
            new PoolSettings(4, 40, Duration.ofSeconds(5), Duration.ofMinutes(10), 10),
            query,
            new SimpleMeterRegistry())) {
      Tenant tenant =
          pools.open(new TenantKey(db.jdbcUrl(), db.username()), db.password(), dialect, false);
      for (int i = 0; i < 5_000; i++) {
        try (Connection ignored = tenant.connection()) {
          // warm-up
        }
      }
      for (int i = 0; i < 20; i++) {
        DriverManager.getConnection(db.jdbcUrl(), login).close();
      }
      for (int round = 0; round < ROUNDS; round++) {
        Stats pooled = new Stats();
        for (int i = 0; i < POOLED_PER_ROUND; i++) {
          long t = System.nanoTime();
          try (Connection ignored = tenant.connection()) {
            // acquire + release only
          }
          pooled.add(System.nanoTime() - t);
        }
        Stats fresh = new Stats();
        Stats guarded = new Stats();
        for (int i = 0; i < FRESH_PER_ROUND; i++) {
          long t = System.nanoTime();
          try (Connection ignored = DriverManager.getConnection(db.jdbcUrl(), login)) {
            // open + close
          }
          fresh.add(System.nanoTime() - t);
          t = System.nanoTime();
          try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), login)) {
            dialect.sessionGuards().apply(connection, query.guardSettings());
          }
          guarded.add(System.nanoTime() - t);
        }
        pooledP50[round] = pooled.percentileMs(50);
        pooledP99[round] = pooled.percentileMs(99);
        freshP50[round] = fresh.percentileMs(50);
        freshP99[round] = fresh.percentileMs(99);
        guardedP50[round] = guarded.percentileMs(50);
        guardedP99[round] = guarded.percentileMs(99);
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }

    double p50 = Stats.median(pooledP50);
    double fresh50 = Stats.median(freshP50);
    new Report("Pooled connection acquire + release vs a fresh JDBC connection (PostgreSQL)")
        .line(
            "Database: "
                + db.jdbcUrl().replaceAll("/[^/]*$", "/…")
                + " (testkit: embedded unless"
                + " DATABASEAI_TEST_POSTGRES_URL is set). "
                + ROUNDS
                + " rounds; pooled "
                + POOLED_PER_ROUND
                + " and fresh "
                + FRESH_PER_ROUND
                + " per round, single thread; medians of the rounds' percentiles.")
        .line("")
        .line("| path | p50 (ms) | p99 (ms) | rounds p50 |")
        .line("| --- | ---: | ---: | --- |")
        .line(
            row(
                "server pool: `Tenant.connection()` + `close()` (global-cap permit + HikariCP)",
                pooledP50,
                pooledP99))
        .line(row("baseline: fresh `DriverManager.getConnection` + `close()`", freshP50, freshP99))
        .line(
            row(
                "baseline + the dialect's session guards (what an unpooled server would pay)",
                guardedP50,
                guardedP99))
        .line("")
        .line(
            "Pooled acquire+release is "
                + String.format(java.util.Locale.ROOT, "%.0f", fresh50 / p50)
                + "× faster than a fresh connection at p50.")
        .write();
    assertThat(p50).as("pooled acquire faster than a new connection").isLessThan(fresh50);
  }

  private static String row(String label, double[] p50, double[] p99) {
    StringBuilder rounds = new StringBuilder();
    for (double v : p50) {
      rounds.append(rounds.length() == 0 ? "" : ", ").append(Stats.ms(v));
    }
    return "| "
        + label
        + " | "
        + Stats.ms(Stats.median(p50))
        + " | "
        + Stats.ms(Stats.median(p99))
        + " | "
        + rounds
        + " |";
  }
}
