package dev.databaseai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.server.demo.DemoDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/sessions/{id}/sql} over HTTP on the demo database at 8, 32 and 128 concurrent
 * clients (load from wrk), against the same query through plain JDBC (one connection per client)
 * and through pgbench (same embedded PostgreSQL, same account), in the same run: the bare query,
 * the baseline, and the same read-only transaction the server runs.
 */
@Tag("benchmark")
class SqlThroughputBenchmark {

  static final String QUERY =
      "SELECT d.hostname, s.code FROM device d JOIN device_status s ON s.id = d.status_id WHERE d.id = 7";
  private static final int[] CLIENTS = {8, 32, 128};
  private static final Duration WARM_UP = Duration.ofSeconds(3);
  private static final Duration MEASURE = Duration.ofSeconds(8);
  private static final int POOL_SIZE = 8;

  /** The baseline the issue names: the bare query, one simple-protocol round trip. */
  static final PgbenchScript BARE = new PgbenchScript("simple", QUERY + ";\n");

  /**
   * What the server sends per statement ({@code QueryExecutor}): {@code BEGIN READ ONLY} pipelined
   * with the query (extended protocol, as JDBC does), then {@code ROLLBACK}: two round trips.
   */
  static final PgbenchScript SAME_TRANSACTION =
      new PgbenchScript(
          "extended",
          "\\startpipeline\nBEGIN READ ONLY;\n" + QUERY + ";\n\\endpipeline\nROLLBACK;\n");

  /** A pgbench script and the protocol it runs with ({@code -M}). */
  record PgbenchScript(String mode, String text) {}

  @Test
  void sqlOverHttpVersusPlainJdbcVersusPgbench() throws Exception {
    Map<String, Object> settings =
        Map.of(
            "micronaut.server.port",
            -1,
            "databaseai.pools.max-per-pool",
            POOL_SIZE,
            "databaseai.sessions.max",
            10_000,
            "logger.levels.dev.databaseai.server.access",
            "WARN");
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings)) {
      DemoDatabase demo = server.getApplicationContext().getBean(DemoDatabase.class);
      DemoDatabase.Credentials credentials = demo.credentials();
      int port = demo.port().orElseThrow();
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(5))
              .build();
      String base = server.getURL().toString();
      String session = createSession(http, base);
      URI infoUri = URI.create(base + "/api/v1/sessions/" + session);
      URI sqlUri = URI.create(infoUri + "/sql");
      String body = "{\"sql\":\"" + QUERY + "\"}";
      int maxConnections = maxConnections(credentials);

      int warmUpSeconds = warmUntilSteady(sqlUri, body);
      List<String> rows = new ArrayList<>();
      double ratioAt8 = Double.NaN;
      for (int clients : CLIENTS) {
        Load.Result overHttp = Wrk.run(sqlUri, "POST", body, clients, WARM_UP, MEASURE);
        Load.Result httpOnly = Wrk.run(infoUri, "GET", null, clients, WARM_UP, MEASURE);
        dev.databaseai.server.query.SqlExecution execution =
            server.getApplicationContext().getBean(dev.databaseai.server.query.SqlExecution.class);
        dev.databaseai.server.pool.Tenant tenant =
            server
                .getApplicationContext()
                .getBean(dev.databaseai.server.session.Sessions.class)
                .get(session, "")
                .tenant();
        Load.Result inProcess =
            Load.run(
                clients,
                WARM_UP,
                MEASURE,
                () ->
                    () ->
                        execution.run(tenant, QUERY)
                            instanceof dev.databaseai.server.query.Outcome.Rows);
        Load.Result jdbc =
            clients + 5 > maxConnections
                ? null
                : Load.run(clients, WARM_UP, MEASURE, () -> jdbcOperation(credentials));
        PgbenchResult pgbench =
            clients + 5 > maxConnections ? null : pgbench(credentials, port, clients, BARE);
        PgbenchResult sameTransaction =
            clients + 5 > maxConnections
                ? null
                : pgbench(credentials, port, clients, SAME_TRANSACTION);
        rows.add(row("server `/sql` over HTTP", overHttp, pgbench));
        rows.add(
            row("server `GET /api/v1/sessions/{id}` over HTTP (no database)", httpOnly, pgbench));
        rows.add(
            row(
                "in process: `SqlExecution.run` (guard + pool + JDBC, no HTTP)",
                inProcess,
                pgbench));
        rows.add(
            jdbc == null
                ? "| plain JDBC | "
                    + clients
                    + " | n/a (max_connections "
                    + maxConnections
                    + ") | | | |"
                : row("plain JDBC, one connection per client", jdbc, pgbench));
        rows.add(
            pgbenchRow(
                "pgbench, the same transaction as the server (`BEGIN READ ONLY` pipelined with the"
                    + " query, `ROLLBACK`; `-M extended`)",
                clients,
                sameTransaction,
                pgbench,
                maxConnections));
        rows.add(
            pgbenchRow(
                "pgbench, the bare query (`-M simple`): the baseline",
                clients,
                pgbench,
                pgbench,
                maxConnections));
        if (clients == 8 && pgbench != null) {
          ratioAt8 = overHttp.perSecond() / pgbench.tps();
        }
        assertThat(overHttp.failures()).as("HTTP failures at " + clients + " clients").isZero();
      }
      Report report =
          new Report(
                  "/sql throughput over HTTP vs plain JDBC vs pgbench (demo database, PostgreSQL)")
              .line(
                  "Query: `"
                      + QUERY
                      + "` on the demo database (embedded PostgreSQL, account `demo_reader`).")
              .line(
                  "HTTP load from wrk in its own process (`wrk -t2 -c<clients> --latency`, keep-alive"
                      + " HTTP/1.1, closed loop) against the server in the benchmark's JVM; in-process and"
                      + " JDBC rows: one thread per client in that JVM; pool `databaseai.pools.max-per-pool="
                      + POOL_SIZE
                      + "`, access log at WARN. Each run: "
                      + WARM_UP.toSeconds()
                      + " s warm-up, "
                      + MEASURE.toSeconds()
                      + " s measured, after "
                      + warmUpSeconds
                      + " s of `/sql` load until two 5-s rates agreed within 5% (JIT). pgbench: "
                      + "`pgbench -n -M <mode> -j 2 -T "
                      + MEASURE.toSeconds()
                      + " -f <script>`, p50/p99 from its per-transaction log. Everything shares the"
                      + " same 2 cores.")
              .line("")
              .line("| path | clients | requests/s | p50 (ms) | p99 (ms) | of pgbench |")
              .line("| --- | ---: | ---: | ---: | ---: | ---: |");
      rows.forEach(report::line);
      report
          .line("")
          .line(
              "At 8 clients the server reaches "
                  + String.format(Locale.ROOT, "%.0f%%", 100 * ratioAt8)
                  + " of pgbench's throughput (goal ≥ 25%).")
          .write();
    }
  }

  private static String row(String label, Load.Result r, PgbenchResult pgbench) {
    String share = pgbench == null ? "" : percent(r.perSecond(), pgbench.tps());
    return tableRow(
        label,
        r.clients(),
        r.perSecond(),
        r.p50Ms(),
        r.p99Ms(),
        share + (r.failures() > 0 ? " (" + r.failures() + " failed)" : ""));
  }

  private static String pgbenchRow(
      String label, int clients, PgbenchResult r, PgbenchResult baseline, int maxConnections) {
    if (r == null) {
      return "| "
          + label
          + " | "
          + clients
          + " | n/a (max_connections "
          + maxConnections
          + ") | | | |";
    }
    return tableRow(
        label, clients, r.tps(), r.p50Ms(), r.p99Ms(), percent(r.tps(), baseline.tps()));
  }

  private static String tableRow(
      String label, int clients, double perSecond, double p50Ms, double p99Ms, String share) {
    return String.join(
        " | ",
        "| " + label,
        String.valueOf(clients),
        fmt(perSecond),
        Stats.ms(p50Ms),
        Stats.ms(p99Ms),
        share + " |");
  }

  private static String percent(double part, double whole) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * part / whole);
  }

  /**
   * Runs {@code /sql} load at the first client count in 5-s slices until two consecutive rates
   * agree within 5 % (at most a minute), so that the JIT has compiled the whole path before
   * anything is measured; returns the seconds spent.
   */
  private static int warmUntilSteady(URI sqlUri, String body) throws Exception {
    double previous = 0;
    int seconds = 0;
    for (int slice = 0; slice < 12; slice++) {
      double rate =
          Wrk.run(sqlUri, "POST", body, CLIENTS[0], Duration.ZERO, Duration.ofSeconds(5))
              .perSecond();
      seconds += 5;
      if (slice > 0 && Math.abs(rate - previous) <= 0.05 * previous) {
        break;
      }
      previous = rate;
    }
    return seconds;
  }

  private static String fmt(double perSecond) {
    return String.format(Locale.ROOT, "%.0f", perSecond);
  }

  private static String createSession(HttpClient http, String base) throws Exception {
    HttpResponse<String> created =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/sessions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"database\":\"demo\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    Matcher m = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static Connection connect(DemoDatabase.Credentials credentials) throws Exception {
    Properties login = new Properties();
    login.setProperty("user", credentials.key().username());
    login.setProperty("password", credentials.password());
    return DriverManager.getConnection(credentials.key().jdbcUrl(), login);
  }

  private static int maxConnections(DemoDatabase.Credentials credentials) throws Exception {
    try (Connection c = connect(credentials);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW max_connections")) {
      rs.next();
      return Integer.parseInt(rs.getString(1));
    }
  }

  private static Load.Operation jdbcOperation(DemoDatabase.Credentials credentials)
      throws Exception {
    Connection connection = connect(credentials);
    Statement statement = connection.createStatement();
    return new Load.Operation() {
      @Override
      public boolean run() throws Exception {
        try (ResultSet rs = statement.executeQuery(QUERY)) {
          int n = 0;
          while (rs.next()) {
            rs.getString(1);
            rs.getString(2);
            n++;
          }
          return n == 1;
        }
      }

      @Override
      public void close() throws Exception {
        connection.close();
      }
    };
  }

  record PgbenchResult(double tps, double p50Ms, double p99Ms) {}

  static String pgbenchBinary() {
    for (String candidate : List.of("/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    return "pgbench";
  }

  /**
   * {@code pgbench} running {@code script} with {@code clients} for {@code duration}; the database
   * last.
   */
  private static List<String> pgbenchCommand(
      DemoDatabase.Credentials credentials,
      int port,
      int clients,
      Duration duration,
      String mode,
      Path script,
      String database) {
    return List.of(
        pgbenchBinary(),
        "-n",
        "-M",
        mode,
        "-h",
        "localhost",
        "-p",
        String.valueOf(port),
        "-U",
        credentials.key().username(),
        "-c",
        String.valueOf(clients),
        "-j",
        "2",
        "-T",
        String.valueOf(duration.toSeconds()),
        "-f",
        script.toString(),
        database);
  }

  private static PgbenchResult pgbench(
      DemoDatabase.Credentials credentials, int port, int clients, PgbenchScript pgbenchScript)
      throws Exception {
    Path dir = Files.createTempDirectory("pgbench");
    Path script = dir.resolve("script.sql");
    Files.writeString(script, pgbenchScript.text());
    String database = credentials.key().jdbcUrl().replaceAll("^.*/", "");
    String mode = pgbenchScript.mode();
    // warm-up run, then the measured run with a per-transaction log
    run(
        dir,
        credentials,
        pgbenchCommand(credentials, port, clients, WARM_UP, mode, script, database));
    List<String> measured =
        new ArrayList<>(
            pgbenchCommand(credentials, port, clients, MEASURE, mode, script, database));
    measured.addAll(
        measured.size() - 1, List.of("--log", "--log-prefix", dir.resolve("txlog").toString()));
    String out = run(dir, credentials, measured);
    Matcher tps =
        Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
    if (!tps.find()) {
      throw new IllegalStateException("pgbench said: " + out);
    }
    Stats latency = new Stats();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path log : files.filter(p -> p.getFileName().toString().startsWith("txlog")).toList()) {
        for (String line : Files.readAllLines(log)) {
          String[] fields = line.split(" ");
          if (fields.length >= 3) {
            latency.add(Long.parseLong(fields[2]) * 1000);
          }
        }
      }
    }
    return new PgbenchResult(
        Double.parseDouble(tps.group(1)), latency.percentileMs(50), latency.percentileMs(99));
  }

  private static String run(Path dir, DemoDatabase.Credentials credentials, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("PGPASSWORD", credentials.password());
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("pgbench failed: " + out);
    }
    return out;
  }
}
