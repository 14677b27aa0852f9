package dev.databaseai.server.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.testkit.TestDatabase;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A dedicated database server is stopped and started again on the same port and data directory
 * while clients run SQL: during the outage every request answers within its bound with an error
 * body (never a hang), and afterwards the same sessions work again without being recreated.
 * Subclasses start, stop and restart their kind of server.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseRestartContract implements TestPropertyProvider {

  /** acquire timeout + statement timeout + slack for a busy 2-core machine. */
  private static final long BOUND_MS = 8_000;

  private static final int CLIENTS = 4;
  private static final int ROWS = 100;

  @Inject EmbeddedServer server;

  private final ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);

  /** The server's settings (here because {@code @Property} on a superclass is not inherited). */
  @Override
  public Map<String, String> getProperties() {
    return Map.of(
        "micronaut.server.port", "-1",
        "databaseai.demo.enabled", "false",
        "databaseai.pools.max-per-pool", "4",
        "databaseai.pools.acquire-timeout", "1s",
        "databaseai.query.statement-timeout", "2s");
  }

  /**
   * Starts a dedicated server with a new data directory.
   *
   * @return an empty database on it, for the test's table
   */
  abstract TestDatabase startDatabase() throws Exception;

  /** Stops the server; returns when it is down. */
  abstract void stopDatabase() throws Exception;

  /** Starts the server again on the same port and data directory; returns when it accepts. */
  abstract void startDatabaseAgain() throws Exception;

  /** Stops the server if it runs (after a failure, too) and frees what it used. */
  abstract void closeDatabase() throws Exception;

  @AfterEach
  void stop() throws Exception {
    threads.shutdownNow();
    closeDatabase();
  }

  record Sample(long startedAt, int status, long elapsedMs, String body, String retryAfter) {

    long endedAt() {
      return startedAt + elapsedMs;
    }

    Map<String, Object> error() {
      return new ApiClient.Reply(status, body, elapsedMs, retryAfter).error();
    }

    /** The status and the error's category, else its code: what the outage looked like. */
    String cause() {
      Map<String, Object> error = error();
      return status + " " + error.getOrDefault("category", error.get("code"));
    }
  }

  @Test
  void sessionsRecoverAfterTheDatabaseRestartsAndNoRequestHangs() throws Exception {
    TestDatabase db = startDatabase();
    db.execute(
        "CREATE TABLE heartbeat (id int PRIMARY KEY, note varchar(20))",
        IntStream.rangeClosed(1, ROWS)
            .mapToObj(i -> "(" + i + ", 'beat " + i + "')")
            .collect(Collectors.joining(", ", "INSERT INTO heartbeat VALUES ", "")));
    ApiClient api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(30));
    List<String> sessions =
        List.of(
            api.jdbcSession(db.jdbcUrl(), db.username(), db.password()),
            api.jdbcSession(db.jdbcUrl(), db.username(), db.password()));

    AtomicBoolean running = new AtomicBoolean(true);
    ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    long origin = System.nanoTime();
    for (int i = 0; i < CLIENTS; i++) {
      String session = sessions.get(i % sessions.size());
      threads.submit(
          () -> {
            while (running.get()) {
              long at = millisSince(origin);
              ApiClient.Reply reply =
                  api.sql(session, "SELECT count(*) FROM heartbeat WHERE note LIKE 'beat%'");
              samples.add(
                  new Sample(
                      at, reply.status(), reply.elapsedMs(), reply.body(), reply.retryAfter()));
              sleepQuietly(50);
            }
          });
    }
    Thread.sleep(1_500);
    long stoppingAt = millisSince(origin);
    stopDatabase();
    Thread.sleep(2_500);
    startDatabaseAgain();
    long restartedAt = millisSince(origin);
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
    List<Sample> failures = all.stream().filter(s -> s.status() != 200).toList();
    System.out.printf(
        "%s: %d requests, outage answers %s%n",
        getClass().getSimpleName(),
        all.size(),
        failures.stream()
            .collect(Collectors.groupingBy(Sample::cause, TreeMap::new, Collectors.counting())));
    assertThat(all)
        .as("no request took longer than its bound")
        .allSatisfy(s -> assertThat(s.elapsedMs()).as(s.toString()).isLessThan(BOUND_MS));
    assertThat(all)
        .filteredOn(s -> s.endedAt() < stoppingAt)
        .as("load answered before the stop began")
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.status()).as(s.body()).isEqualTo(200));
    assertThat(failures).as("the outage was seen").isNotEmpty();
    assertThat(failures)
        .as(
            "outage answers are 503: the CONNECTION diagnosis with Retry-After, or a pool cap with"
                + " its code")
        .allSatisfy(
            s -> {
              Map<String, Object> error = s.error();
              assertThat(s.status()).as(s.body()).isEqualTo(503);
              if (error.containsKey("category")) {
                assertThat(error).as(s.body()).containsEntry("category", "CONNECTION");
                assertThat(s.retryAfter()).as(s.body()).isEqualTo("1");
              } else {
                assertThat(error).as(s.body()).containsKey("code");
              }
            });
    assertThat(all)
        .filteredOn(s -> s.startedAt() > restartedAt && s.status() == 200)
        .as("the same sessions answer again after the restart")
        .hasSizeGreaterThanOrEqualTo(2 * CLIENTS);
    for (String session : sessions) {
      assertThat(api.sql(session, "SELECT count(*) FROM heartbeat").rows())
          .containsExactly(List.of(ROWS));
    }
  }

  private static long millisSince(long origin) {
    return (System.nanoTime() - origin) / 1_000_000;
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
