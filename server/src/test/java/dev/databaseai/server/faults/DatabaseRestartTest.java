package dev.databaseai.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A dedicated embedded PostgreSQL is stopped and started again on the same port and data directory
 * while clients run SQL: during the outage every request answers within its bound with an error
 * body (never a hang), and afterwards the same sessions work again without being recreated.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "databaseai.demo.enabled", value = "false")
@Property(name = "databaseai.pools.max-per-pool", value = "4")
@Property(name = "databaseai.pools.acquire-timeout", value = "1s")
@Property(name = "databaseai.query.statement-timeout", value = "2s")
class DatabaseRestartTest {

  /** acquire timeout + statement timeout + slack for a busy 2-core machine. */
  private static final long BOUND_MS = 8_000;

  private static final int CLIENTS = 4;

  @Inject EmbeddedServer server;

  private EmbeddedPostgres postgres;
  private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);

  @AfterEach
  void stop() throws IOException {
    threads.shutdownNow();
    if (postgres != null) {
      postgres.close();
    }
  }

  record Sample(long startedAt, int status, long elapsedMs, String body) {}

  @Test
  void sessionsRecoverAfterTheDatabaseRestartsAndNoRequestHangs() throws Exception {
    Path data = Files.createTempDirectory("databaseai-restart");
    int port = freePort();
    postgres = start(port, data);
    try (var admin = postgres.getPostgresDatabase().getConnection();
        var statement = admin.createStatement()) {
      statement.execute("CREATE TABLE heartbeat (id int PRIMARY KEY, note text)");
      statement.execute(
          "INSERT INTO heartbeat SELECT g, 'beat ' || g FROM generate_series(1, 100) g");
    }
    ApiClient api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(30));
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    List<String> sessions =
        List.of(api.jdbcSession(url, "postgres", ""), api.jdbcSession(url, "postgres", ""));

    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    long origin = System.nanoTime();
    for (int i = 0; i < CLIENTS; i++) {
      String session = sessions.get(i % sessions.size());
      threads.submit(
          () -> {
            while (running.get()) {
              long at = (System.nanoTime() - origin) / 1_000_000;
              ApiClient.Reply reply =
                  api.sql(session, "SELECT count(*) FROM heartbeat WHERE note LIKE 'beat%'");
              samples.add(new Sample(at, reply.status(), reply.elapsedMs(), reply.body()));
              sleepQuietly(50);
            }
          });
    }
    Thread.sleep(1_500);
    postgres.close();
    long stoppedAt = (System.nanoTime() - origin) / 1_000_000;
    postgres = null;
    Thread.sleep(2_500);
    postgres = start(port, data);
    long restartedAt = (System.nanoTime() - origin) / 1_000_000;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline
        && samples.stream().filter(s -> s.startedAt() > restartedAt && s.status() == 200).count()
            < 2 * CLIENTS) {
      Thread.sleep(100);
    }
    running.set(false);
    threads.shutdown();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).as("every client returned").isTrue();

    List<Sample> all = List.copyOf(samples);
    assertThat(all)
        .as("no request took longer than its bound")
        .allSatisfy(s -> assertThat(s.elapsedMs()).as(s.toString()).isLessThan(BOUND_MS));
    assertThat(all)
        .filteredOn(s -> s.startedAt() < stoppedAt - 200)
        .as("load before the stop")
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.status()).as(s.body()).isEqualTo(200));
    List<Sample> failures = all.stream().filter(s -> s.status() != 200).toList();
    assertThat(failures).as("the outage was seen").isNotEmpty();
    assertThat(failures)
        .as("outage errors are error bodies with a code or category")
        .allSatisfy(
            s -> {
              assertThat(s.status()).isIn(422, 502, 503);
              Map<String, Object> error = new ApiClient.Reply(s.status(), s.body(), 0).error();
              assertThat(error.containsKey("category") || error.containsKey("code"))
                  .as(s.body())
                  .isTrue();
            });
    assertThat(all)
        .filteredOn(s -> s.startedAt() > restartedAt && s.status() == 200)
        .as("the same sessions answer again after the restart")
        .hasSizeGreaterThanOrEqualTo(2 * CLIENTS);
    for (String session : sessions) {
      assertThat(api.sql(session, "SELECT count(*) FROM heartbeat").rows())
          .containsExactly(List.of(100));
    }
  }

  private static EmbeddedPostgres start(int port, Path data) throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
