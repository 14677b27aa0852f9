package dev.databaseai.server.faults;

import dev.databaseai.testkit.TestDatabase;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@link DatabaseRestartContract} on a dedicated embedded PostgreSQL (zonky): closed (fast
 * shutdown) and started again by a new instance on the same port and data directory.
 */
class PostgresRestartTest extends DatabaseRestartContract {

  private Path data;
  private int port;
  private EmbeddedPostgres postgres;

  @Override
  TestDatabase startDatabase() throws IOException {
    data = Files.createTempDirectory("databaseai-restart");
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    postgres = start();
    return new TestDatabase(
        TestDatabase.Kind.POSTGRES,
        "jdbc:postgresql://127.0.0.1:" + port + "/postgres",
        "postgres",
        "");
  }

  @Override
  void stopDatabase() throws IOException {
    postgres.close();
    postgres = null;
  }

  @Override
  void startDatabaseAgain() throws IOException {
    postgres = start();
  }

  @Override
  void closeDatabase() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  private EmbeddedPostgres start() throws IOException {
    return EmbeddedPostgres.builder()
        .setPort(port)
        .setDataDirectory(data)
        .setCleanDataDirectory(false)
        .setPGStartupWait(Duration.ofSeconds(60))
        .start();
  }
}
