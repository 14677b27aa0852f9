package dev.databaseai.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTTP load from <a href="https://github.com/wg/wrk">wrk</a> in its own process: a C load generator
 * on keep-alive HTTP/1.1 connections, the HTTP counterpart of pgbench, so that the server is
 * measured and not the client. (An in-JVM {@code java.net.http} client capped the server at a
 * quarter of what it serves: it shared the JVM and spent more CPU per request than the server.)
 */
final class Wrk {

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in ");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  private Wrk() {}

  /** The wrk binary, or a clear error saying how to get it. */
  static String binary() {
    for (String candidate : List.of("/usr/bin/wrk", "/usr/local/bin/wrk")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "wrk is not installed; the HTTP throughput benchmark needs it (Debian: apt-get install wrk)");
  }

  /**
   * {@code clients} keep-alive connections sending {@code method} with {@code jsonBody} (null for
   * none) to {@code uri} for {@code warmUp} (discarded; zero for none), then for {@code measure}.
   */
  static Load.Result run(
      URI uri, String method, String jsonBody, int clients, Duration warmUp, Duration measure)
      throws IOException, InterruptedException {
    Path script = Files.createTempFile("wrk", ".lua");
    try {
      StringBuilder lua = new StringBuilder("wrk.method = \"").append(method).append("\"\n");
      if (jsonBody != null) {
        lua.append("wrk.headers[\"Content-Type\"] = \"application/json\"\n")
            .append("wrk.body = [==[")
            .append(jsonBody)
            .append("]==]\n");
      }
      Files.writeString(script, lua);
      if (!warmUp.isZero()) {
        run(uri, script, clients, warmUp);
      }
      return parse(run(uri, script, clients, measure), clients, measure);
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static String run(URI uri, Path script, int clients, Duration duration)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary(),
                "-t",
                String.valueOf(Math.min(2, clients)),
                "-c",
                String.valueOf(clients),
                "-d",
                duration.toSeconds() + "s",
                "--timeout",
                "30s",
                "--latency",
                "-s",
                script.toString(),
                uri.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(duration.toSeconds() + 60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException("wrk failed: " + out);
    }
    return out;
  }

  /** wrk's report as a {@link Load.Result}; non-2xx answers and socket errors count as failures. */
  static Load.Result parse(String out, int clients, Duration measure) {
    Matcher rate = RATE.matcher(out);
    Matcher total = TOTAL.matcher(out);
    if (!rate.find() || !total.find()) {
      throw new IllegalStateException("unexpected wrk output: " + out);
    }
    int failures = 0;
    Matcher non2xx = NON_2XX.matcher(out);
    if (non2xx.find()) {
      failures += Integer.parseInt(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(out);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        failures += Integer.parseInt(socket.group(g));
      }
    }
    return new Load.Result(
        clients,
        Double.parseDouble(rate.group(1)),
        percentileMs(out, "50%"),
        percentileMs(out, "99%"),
        failures,
        Integer.parseInt(total.group(1)));
  }

  /** One line of wrk's "Latency Distribution" ({@code 50% 1.69ms}) in milliseconds. */
  private static double percentileMs(String out, String percentile) {
    Matcher m =
        Pattern.compile(
                "^\\s*" + Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s|m)\\s*$",
                Pattern.MULTILINE)
            .matcher(out);
    if (!m.find()) {
      throw new IllegalStateException("no " + percentile + " latency in wrk output: " + out);
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "us" -> value / 1000;
      case "ms" -> value;
      case "s" -> value * 1000;
      default -> value * 60_000;
    };
  }
}
