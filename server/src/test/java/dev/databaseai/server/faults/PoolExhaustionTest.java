package dev.databaseai.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When every connection a request may use is busy, the request gets a 503 within the acquire
 * timeout naming the cap that was reached (per pool or global), and the busy requests still finish.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "databaseai.demo.enabled", value = "false")
@Property(name = "databaseai.pools.max-per-pool", value = "1")
@Property(name = "databaseai.pools.global-max", value = "2")
@Property(name = "databaseai.pools.acquire-timeout", value = "500ms")
@Property(name = "databaseai.query.statement-timeout", value = "10s")
class PoolExhaustionTest {

  @Inject EmbeddedServer server;

  private final java.util.concurrent.ExecutorService threads =
      java.util.concurrent.Executors.newCachedThreadPool();
  private ApiClient api;

  @org.junit.jupiter.api.AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @BeforeEach
  void client() {
    api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(20));
  }

  private static TestDatabase database(String name) {
    TestDatabase db = TestDatabases.postgres(name);
    db.execute("CREATE TABLE held (id int)", "INSERT INTO held VALUES (1)");
    return db;
  }

  @Test
  void busyPoolAnswers503NamingMaxPerPoolWithinTheAcquireTimeout() throws Exception {
    TestDatabase db = database("exhaust_pool");
    String session = api.jdbcSession(db.jdbcUrl(), db.username(), db.password());
    CompletableFuture<ApiClient.Reply> blocked;
    ApiClient.Reply refused;
    try (TableLock lock = TableLock.on(db, "held")) {
      blocked =
          CompletableFuture.supplyAsync(
              () -> api.sql(session, "SELECT count(*) FROM held"), threads);
      Thread.sleep(700); // the blocked query now holds the pool's only connection

      refused = api.sql(session, "SELECT 1");
    }

    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(refused.error())
        .containsEntry("code", "CONNECTIONS_EXHAUSTED")
        .containsEntry("setting", "databaseai.pools.max-per-pool");
    assertThat(String.valueOf(refused.error().get("message")))
        .contains("databaseai.pools.max-per-pool", "1");
    assertThat(refused.elapsedMs()).as("quick 503, not a hang").isLessThan(3_000);
    ApiClient.Reply finished = blocked.get(15, TimeUnit.SECONDS);
    assertThat(finished.status()).as(finished.body()).isEqualTo(200);
    assertThat(api.sql(session, "SELECT 1").status()).as("the pool serves again").isEqualTo(200);
  }

  @Test
  void globalCapAcrossPoolsAnswers503NamingGlobalMax() throws Exception {
    TestDatabase a = database("exhaust_a");
    TestDatabase b = database("exhaust_b");
    TestDatabase c = database("exhaust_c");
    String sa = api.jdbcSession(a.jdbcUrl(), a.username(), a.password());
    String sb = api.jdbcSession(b.jdbcUrl(), b.username(), b.password());
    String sc = api.jdbcSession(c.jdbcUrl(), c.username(), c.password());
    CompletableFuture<ApiClient.Reply> blockedA;
    CompletableFuture<ApiClient.Reply> blockedB;
    ApiClient.Reply refused;
    try (TableLock lockA = TableLock.on(a, "held");
        TableLock lockB = TableLock.on(b, "held")) {
      blockedA =
          CompletableFuture.supplyAsync(() -> api.sql(sa, "SELECT count(*) FROM held"), threads);
      blockedB =
          CompletableFuture.supplyAsync(() -> api.sql(sb, "SELECT count(*) FROM held"), threads);
      Thread.sleep(900); // two connections, the global cap, are now in use

      refused = api.sql(sc, "SELECT 1");
    }

    assertThat(refused.status()).as(refused.body()).isEqualTo(503);
    assertThat(refused.error())
        .containsEntry("code", "CONNECTIONS_EXHAUSTED")
        .containsEntry("setting", "databaseai.pools.global-max");
    assertThat(String.valueOf(refused.error().get("message")))
        .contains("databaseai.pools.global-max", "2");
    assertThat(refused.elapsedMs()).as("quick 503, not a hang").isLessThan(3_000);
    assertThat(blockedA.get(15, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(blockedB.get(15, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(api.sql(sc, "SELECT 1").status()).as("permits were given back").isEqualTo(200);
  }
}
