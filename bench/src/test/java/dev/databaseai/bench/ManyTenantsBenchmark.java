package dev.databaseai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.server.api.ApiException;
import dev.databaseai.server.pool.TenantPools;
import dev.databaseai.server.query.Outcome;
import dev.databaseai.server.query.SqlExecution;
import dev.databaseai.server.session.Session;
import dev.databaseai.server.session.SessionService;
import dev.databaseai.server.session.Sessions;
import io.micronaut.context.ApplicationContext;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 1,000 tenants (1,000 login roles on a dedicated embedded PostgreSQL, so 1,000 pool keys) each
 * touched once: open a session, run one query, end the session. Records the pools, server-side
 * connections and JVM threads while touching, right after, and after the idle period, with {@code
 * databaseai.pools.idle-close=3s} so that idle pools close within the run.
 */
@Tag("benchmark")
class ManyTenantsBenchmark {

  private static final int TENANTS = 1_000;
  private static final int CLIENTS = 4;

  @Test
  void thousandTenantsTouchedOnceThenIdle() throws Exception {
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder().setServerConfig("max_connections", "300").start()) {
      try (Connection admin = pg.getPostgresDatabase().getConnection();
          Statement s = admin.createStatement()) {
        s.execute(
            "DO $$BEGIN FOR i IN 1.."
                + TENANTS
                + " LOOP EXECUTE format('CREATE ROLE tenant_%s LOGIN', i);"
                + " END LOOP; END$$");
      }
      String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
      Map<String, Object> settings =
          Map.of(
              "databaseai.demo.enabled", "true",
              "databaseai.pools.idle-close", "3s",
              "databaseai.pools.sweep-interval", "1s",
              "logger.levels.dev.databaseai", "WARN");
      try (ApplicationContext context = ApplicationContext.run(settings)) {
        SessionService service = context.getBean(SessionService.class);
        Sessions sessions = context.getBean(Sessions.class);
        SqlExecution execution = context.getBean(SqlExecution.class);
        TenantPools pools = context.getBean(TenantPools.class);
        int baseThreads = threads();
        int maxPools = ((Number) pools.stats().get("maxPools")).intValue();
        int globalMax = ((Number) pools.stats().get("globalMaxConnections")).intValue();

        AtomicInteger next = new AtomicInteger(1);
        AtomicInteger poolLimitRetries = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        int[] peak = new int[3]; // pools, connections, threads
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          futures.add(
              clients.submit(
                  () -> {
                    for (int i = next.getAndIncrement(); i <= TENANTS; i = next.getAndIncrement()) {
                      touch(
                          service,
                          sessions,
                          execution,
                          url,
                          "tenant_" + i,
                          poolLimitRetries,
                          failures);
                    }
                    return null;
                  }));
        }
        while (futures.stream().anyMatch(f -> !f.isDone())) {
          Thread.sleep(500);
          peak[0] = Math.max(peak[0], livePools(pools));
          peak[1] = Math.max(peak[1], tenantConnections(pg));
          peak[2] = Math.max(peak[2], threads());
        }
        for (Future<?> f : futures) {
          f.get();
        }
        clients.shutdown();
        double touchSeconds = (System.nanoTime() - started) / 1e9;
        int poolsAfter = livePools(pools);
        int connectionsAfter = tenantConnections(pg);
        int threadsAfter = threads();

        long idleStarted = System.nanoTime();
        while (System.nanoTime() - idleStarted < Duration.ofSeconds(90).toNanos()
            && (livePools(pools) > 0 || tenantConnections(pg) > 0)) {
          Thread.sleep(500);
        }
        Thread.sleep(6_000); // HikariCP's helper threads end 5 s after their last task
        double idleSeconds = (System.nanoTime() - idleStarted) / 1e9;
        int poolsIdle = livePools(pools);
        int connectionsIdle = tenantConnections(pg);
        int threadsIdle = threads();

        new Report("1,000 tenants touched once: pools, connections and threads")
            .line(
                "1,000 login roles on a dedicated embedded PostgreSQL (max_connections 300), so 1,000 pool keys."
                    + " "
                    + CLIENTS
                    + " client threads in process each open a session, run `SELECT current_user`,"
                    + " end the session. Server defaults (max-pools, the most live pools, "
                    + maxPools
                    + ", global-max "
                    + globalMax
                    + ", max-per-pool 5) except `databaseai.pools.idle-close=3s` and `sweep-interval=1s` (the sweeper"
                    + " starts 30 s after startup). At max-pools, opening a pool detaches the least recently used idle one;"
                    + " a request that still meets the limit (503 POOL_LIMIT, every pool busy) retries after 200 ms."
                    + " Connections counted server-side in `pg_stat_activity`; threads = live JVM threads.")
            .line("")
            .line("| moment | live pools | server connections | JVM threads |")
            .line("| --- | ---: | ---: | ---: |")
            .line("| before (server started) | 0 | 0 | " + baseThreads + " |")
            .line(
                "| peak while touching ("
                    + String.format(Locale.ROOT, "%.0f", touchSeconds)
                    + " s) | "
                    + peak[0]
                    + " | "
                    + peak[1]
                    + " | "
                    + peak[2]
                    + " |")
            .line(
                "| right after the last tenant | "
                    + poolsAfter
                    + " | "
                    + connectionsAfter
                    + " | "
                    + threadsAfter
                    + " |")
            .line(
                "| after the idle period ("
                    + String.format(Locale.ROOT, "%.0f", idleSeconds)
                    + " s) | "
                    + poolsIdle
                    + " | "
                    + connectionsIdle
                    + " | "
                    + threadsIdle
                    + " |")
            .line("")
            .line(
                "Tenants served: "
                    + (TENANTS - failures.get())
                    + " of "
                    + TENANTS
                    + "; POOL_LIMIT retries: "
                    + poolLimitRetries.get()
                    + "; failures: "
                    + failures.get()
                    + ".")
            .write();
        assertThat(failures.get()).isZero();
        assertThat(peak[0]).as("live pools bounded by max-pools").isLessThanOrEqualTo(maxPools);
        assertThat(peak[2])
            .as("threads bounded by the global cap: two HikariCP threads per live pool at most")
            .isLessThanOrEqualTo(baseThreads + CLIENTS + 2 * maxPools + 16);
        assertThat(poolsIdle).as("idle pools closed").isZero();
        assertThat(connectionsIdle).as("idle connections closed").isZero();
      }
    }
  }

  private static void touch(
      SessionService service,
      Sessions sessions,
      SqlExecution execution,
      String url,
      String role,
      AtomicInteger poolLimitRetries,
      AtomicInteger failures)
      throws InterruptedException {
    for (int attempt = 0; attempt < 600; attempt++) {
      try {
        Session session = service.openJdbc("", url, Optional.of(role), Optional.of("unused"));
        Outcome outcome = execution.run(session.tenant(), "SELECT current_user");
        sessions.delete(session.id(), "");
        if (!(outcome instanceof Outcome.Rows)) {
          failures.incrementAndGet();
        }
        return;
      } catch (dev.databaseai.server.pool.ConnectionsExhaustedException e) {
        failures.incrementAndGet();
        return;
      } catch (ApiException e) {
        if (!"POOL_LIMIT".equals(e.error().get("code"))) {
          failures.incrementAndGet();
          return;
        }
        poolLimitRetries.incrementAndGet();
        Thread.sleep(200);
      }
    }
    failures.incrementAndGet();
  }

  private static int tenantConnections(EmbeddedPostgres pg) throws Exception {
    try (Connection admin = pg.getPostgresDatabase().getConnection();
        Statement s = admin.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE usename LIKE 'tenant\\_%'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int livePools(TenantPools pools) {
    return ((Number) pools.stats().get("poolCount")).intValue();
  }

  private static int threads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }
}
