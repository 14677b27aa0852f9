package dev.databaseai.server.demo;

import dev.databaseai.server.pool.TenantKey;
import io.micronaut.context.annotation.Requires;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo: an embedded PostgreSQL server (zonky) started with the server, holding the
 * network-management database of {@code demo/postgres.sql}, read by a role that may only SELECT.
 * Started on first use and stopped on shutdown. Thread-safe.
 */
@Singleton
@Requires(property = "databaseai.demo.enabled", notEquals = "false")
public final class DemoDatabase implements AutoCloseable {

  /** The name clients use: {@code {"database":"demo"}}. */
  public static final String NAME = "demo";

  private static final Logger LOG = LoggerFactory.getLogger(DemoDatabase.class);
  private static final String READER = "demo_reader";

  private volatile EmbeddedPostgres postgres;
  private volatile Credentials credentials;

  /** How sessions reach the demo database; the password is random per server start. */
  public record Credentials(TenantKey key, String password) {
    @Override
    public String toString() {
      return "Credentials[" + key + "]";
    }
  }

  /**
   * The demo database's URL and read-only credentials, starting the embedded server on first call.
   *
   * @throws IllegalStateException when the embedded server cannot start (the message says why)
   */
  public synchronized Credentials credentials() {
    if (credentials == null) {
      credentials = start();
    }
    return credentials;
  }

  /** Whether the embedded server has been started. */
  public boolean started() {
    return credentials != null;
  }

  private Credentials start() {
    long began = System.nanoTime();
    try {
      EmbeddedPostgres pg =
          EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
      postgres = pg;
      String base = "jdbc:postgresql://localhost:" + pg.getPort() + "/";
      byte[] secret = new byte[18];
      new SecureRandom().nextBytes(secret);
      String password = HexFormat.of().formatHex(secret);
      try (Connection admin = pg.getPostgresDatabase().getConnection();
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE " + NAME);
        statement.execute("SET password_encryption = 'scram-sha-256'");
        statement.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + password + "'");
        requirePasswords(statement);
      }
      try (Connection demo = pg.getDatabase("postgres", NAME).getConnection();
          Statement statement = demo.createStatement()) {
        for (String sql : SqlScript.load("/demo/postgres.sql")) {
          statement.execute(sql);
        }
        statement.execute("GRANT USAGE ON SCHEMA public TO " + READER);
        statement.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + READER);
        statement.execute("ALTER ROLE " + READER + " SET default_transaction_read_only = on");
        statement.execute("ANALYZE");
      }
      LOG.info(
          "Demo database ready: embedded PostgreSQL on port {} with the network-management demo ({} ms)",
          pg.getPort(),
          Duration.ofNanos(System.nanoTime() - began).toMillis());
      return new Credentials(new TenantKey(base + NAME, READER), password);
    } catch (IOException | SQLException e) {
      close();
      throw new IllegalStateException(
          "The embedded demo database could not start: "
              + e.getMessage()
              + ". Set databaseai.demo.enabled=false (DATABASEAI_DEMO_ENABLED=false) to run without it.",
          e);
    }
  }

  /**
   * Every role but the local superuser that loaded the demo must log in with its password
   * (scram-sha-256); the embedded server otherwise trusts any local connection.
   */
  private static void requirePasswords(Statement statement) throws SQLException, IOException {
    String hbaFile;
    try (var rs = statement.executeQuery("SHOW hba_file")) {
      rs.next();
      hbaFile = rs.getString(1);
    }
    String rules =
        String.join(
            "\n",
            "# Written by DatabaseAI: the superuser may connect locally without a password, every other role needs one.",
            "local all postgres trust",
            "host all postgres 127.0.0.1/32 trust",
            "host all postgres ::1/128 trust",
            "local all all scram-sha-256",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            "");
    java.nio.file.Files.writeString(java.nio.file.Path.of(hbaFile), rules);
    try (var rs = statement.executeQuery("SELECT pg_reload_conf()")) {
      rs.next();
    }
  }

  /** The running embedded server's port, if started. */
  public Optional<Integer> port() {
    EmbeddedPostgres pg = postgres;
    return pg == null ? Optional.empty() : Optional.of(pg.getPort());
  }

  @PreDestroy
  @Override
  public synchronized void close() {
    EmbeddedPostgres pg = postgres;
    postgres = null;
    credentials = null;
    if (pg != null) {
      try {
        pg.close();
        LOG.info("Demo database stopped");
      } catch (IOException e) {
        LOG.warn("Stopping the demo database failed: {}", e.getMessage());
      }
    }
  }
}
