package dev.databaseai.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Introspection of a 2,000-table × 20-column schema against {@code pg_dump --schema-only} on the
 * same database in the same run. Tagged {@code benchmark}: excluded from normal builds; run with
 * {@code mvn -B -pl dialect-postgres -am verify -Dsoak -Dtest=IntrospectionBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. Writes its figures to {@code
 * dialect-postgres/target/benchmark-introspection.md}. {@code PG_DUMP} names the pg_dump binary;
 * otherwise the newest {@code /usr/lib/postgresql/<version>/bin/pg_dump} or {@code pg_dump} on the
 * PATH.
 */
@Tag("benchmark")
class IntrospectionBenchmarkTest {

  private static final int TABLES = 2_000;
  private static final int COLUMNS = 20;
  private static final int RUNS = 5;
  private static final String[] TYPES = {
    "text",
    "varchar(80)",
    "numeric(12,2)",
    "timestamp",
    "boolean",
    "date",
    "bigint",
    "integer",
    "double precision"
  };

  @Test
  void introspects2000TablesWellUnderTwoSecondsAndWithinTwicePgDump() throws Exception {
    TestDatabase database = TestDatabases.postgres("bench");
    long setupStart = System.nanoTime();
    createSchema(database);
    long setupMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - setupStart);

    PostgresIntrospector introspector = new PostgresIntrospector();
    List<Long> introspectMs = new ArrayList<>();
    SchemaSnapshot snapshot = null;
    String serverVersion;
    try (Connection connection = database.connect()) {
      serverVersion = connection.getMetaData().getDatabaseProductVersion();
      long coldStart = System.nanoTime();
      snapshot = introspector.introspect(connection); // first call: JIT and plan caches cold
      long coldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - coldStart);
      introspectMs.add(coldMs);
      for (int i = 0; i < RUNS; i++) {
        long start = System.nanoTime();
        snapshot = introspector.introspect(connection);
        introspectMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
    }
    long cold = introspectMs.get(0);
    List<Long> warm = introspectMs.subList(1, introspectMs.size());
    long introspectMedian = median(warm);

    assertThat(snapshot.tables()).hasSize(TABLES);
    assertThat(snapshot.tables()).allSatisfy(t -> assertThat(t.columns()).hasSize(COLUMNS));
    Table last = snapshot.table("public.bench_" + TABLES).orElseThrow();
    assertThat(last.foreignKeys()).hasSize(1);
    assertThat(last.comment()).isEqualTo("table " + TABLES);

    Optional<Path> pgDump = findPgDump();
    List<Long> dumpMs = new ArrayList<>();
    String dumpVersion = "not found";
    if (pgDump.isPresent()) {
      dumpVersion = run(List.of(pgDump.get().toString(), "--version"), database).trim();
      URI uri = URI.create(database.jdbcUrl().substring("jdbc:".length()));
      List<String> command =
          List.of(
              pgDump.get().toString(),
              "--schema-only",
              "--no-password",
              "-h",
              uri.getHost(),
              "-p",
              Integer.toString(uri.getPort()),
              "-U",
              database.username(),
              "-f",
              "/dev/null",
              uri.getPath().substring(1));
      run(command, database); // warm-up, same as the cold introspection above
      for (int i = 0; i < RUNS; i++) {
        long start = System.nanoTime();
        run(command, database);
        dumpMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      }
    }

    String report =
        String.join(
            "\n",
            "| measurement | median of " + RUNS + " (ms) | runs (ms) |",
            "| --- | ---: | --- |",
            "| `PostgresIntrospector.introspect` (warm, one open connection) | "
                + introspectMedian
                + " | "
                + warm
                + " |",
            "| `PostgresIntrospector.introspect` first call in the JVM | " + cold + " | - |",
            "| `pg_dump --schema-only` (process start to exit, output to /dev/null) | "
                + (dumpMs.isEmpty() ? "n/a" : Long.toString(median(dumpMs)))
                + " | "
                + dumpMs
                + " |",
            "",
            "Schema: "
                + TABLES
                + " tables x "
                + COLUMNS
                + " columns ("
                + TYPES.length
                + " types, PK, one FK and a comment"
                + " per table, created in "
                + setupMs
                + " ms). Server: PostgreSQL "
                + serverVersion
                + " (embedded, zonky); pg_dump: "
                + dumpVersion
                + ". Date: "
                + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16)
                + "; machine: "
                + Runtime.getRuntime().availableProcessors()
                + " cores, "
                + System.getProperty("os.name")
                + " "
                + System.getProperty("os.arch")
                + ", Java "
                + System.getProperty("java.version")
                + ".",
            "");
    System.out.println(report);
    Path out = Path.of("target", "benchmark-introspection.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report, StandardCharsets.UTF_8);

    assertThat(introspectMedian).as("introspection median ms").isLessThan(2_000);
    if (!dumpMs.isEmpty()) {
      assertThat(introspectMedian)
          .as("introspection vs pg_dump")
          .isLessThanOrEqualTo(2 * median(dumpMs));
    }
  }

  private static void createSchema(TestDatabase database) {
    StringBuilder columns = new StringBuilder();
    for (int c = 3; c <= COLUMNS; c++) {
      columns.append(", c").append(c).append(' ').append(TYPES[c % TYPES.length]);
      if (c % 4 == 0) {
        columns.append(" NOT NULL");
      }
    }
    int batch = 250; // separate transactions: a single one would exceed max_locks_per_transaction
    List<String> statements = new ArrayList<>();
    for (int from = 1; from <= TABLES; from += batch) {
      int to = Math.min(TABLES, from + batch - 1);
      statements.add(
          "DO $$ BEGIN FOR i IN "
              + from
              + ".."
              + to
              + " LOOP"
              + " EXECUTE format('CREATE TABLE bench_%s (id integer PRIMARY KEY, parent_id integer %s"
              + columns
              + ")',"
              + " i, CASE WHEN i > 1 THEN 'REFERENCES bench_' || (i - 1) || ' (id)' ELSE '' END);"
              + " EXECUTE format('COMMENT ON TABLE bench_%s IS %L', i, 'table ' || i);"
              + " EXECUTE format('COMMENT ON COLUMN bench_%s.c3 IS %L', i, 'note ' || i);"
              + " END LOOP; END $$");
    }
    statements.add("ANALYZE");
    database.execute(statements.toArray(String[]::new));
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static Optional<Path> findPgDump() {
    String configured = System.getenv("PG_DUMP");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    File[] versions = new File("/usr/lib/postgresql").listFiles();
    if (versions != null) {
      Optional<Path> newest =
          Arrays.stream(versions)
              .map(v -> v.toPath().resolve("bin/pg_dump"))
              .filter(Files::isExecutable)
              .max(
                  Comparator.comparingInt(
                      p -> versionOf(p.getParent().getParent().getFileName().toString())));
      if (newest.isPresent()) {
        return newest;
      }
    }
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, "pg_dump"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static int versionOf(String name) {
    try {
      return Integer.parseInt(name);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String run(List<String> command, TestDatabase database)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", database.password());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("pg_dump failed (" + process.exitValue() + "): " + output);
    }
    return output;
  }
}
