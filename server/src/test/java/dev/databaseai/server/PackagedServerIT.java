package dev.databaseai.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micronaut.json.JsonMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The done-when check: the built jar started as a new user would ({@code java -jar
 * target/databaseai-server.jar}, no configuration, no LLM variables) serves the demo database
 * through the v1 API. Only the port is chosen at random ({@code MICRONAUT_SERVER_PORT=-1}) so that
 * the check never collides with a server already running; the URL is read from the server's own
 * startup line, as a person would read it. Runs in {@code mvn verify} after {@code package}.
 */
class PackagedServerIT {

  private static final Pattern RUNNING = Pattern.compile("DatabaseAI is running at (http://\\S+/)");

  static Process process;
  static Thread reader;
  static final List<String> output = Collections.synchronizedList(new ArrayList<>());
  static Http http;

  @BeforeAll
  static void startTheJar() throws Exception {
    Path jar = Path.of("target", "databaseai-server.jar").toAbsolutePath();
    assertThat(jar).as("run 'mvn package' first").exists();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(java, "-jar", jar.toString()).redirectErrorStream(true);
    builder
        .environment()
        .keySet()
        .removeIf(
            k ->
                k.startsWith("OPENAI_")
                    || k.startsWith("VLLM_")
                    || k.startsWith("OLLAMA_")
                    || k.startsWith("DATABASEAI_")
                    || k.startsWith("MICRONAUT_"));
    builder.environment().put("MICRONAUT_SERVER_PORT", "-1");
    builder.directory(Files.createTempDirectory("databaseai-it").toFile());
    process = builder.start();
    CompletableFuture<String> url = new CompletableFuture<>();
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  output.add(line);
                  Matcher m = RUNNING.matcher(line);
                  if (m.find()) {
                    url.complete(m.group(1));
                  }
                }
              } catch (java.io.IOException e) {
                url.completeExceptionally(e);
              }
              url.completeExceptionally(new IllegalStateException("the server exited: " + output));
            },
            "server-output");
    reader.setDaemon(true);
    reader.start();
    String base = url.get(180, TimeUnit.SECONDS);
    assertThat(base).startsWith("http://127.0.0.1:");
    http = new Http(base, JsonMapper.createDefault());
  }

  @AfterAll
  static void stopTheJar() throws Exception {
    if (process == null) {
      return;
    }
    int demoPort;
    synchronized (output) {
      Matcher m =
          Pattern.compile("embedded PostgreSQL on port (\\d+)").matcher(String.join("\n", output));
      assertThat(m.find()).as("the demo database announced its port").isTrue();
      demoPort = Integer.parseInt(m.group(1));
    }
    process.destroy(); // SIGTERM, as Ctrl-C or a container stop would send
    boolean exited = process.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited).as("graceful shutdown within 60 s").isTrue();
    reader.join(5_000);
    // The embedded demo database went down with the server instead of being left running.
    for (java.net.InetAddress address : java.net.InetAddress.getAllByName("localhost")) {
      try (java.net.Socket socket = new java.net.Socket()) {
        assertThatThrownBy(
                () -> socket.connect(new java.net.InetSocketAddress(address, demoPort), 2_000))
            .as(
                "demo PostgreSQL on %s:%d still accepts connections after shutdown; output: %s",
                address, demoPort, output)
            .isInstanceOf(java.io.IOException.class);
      }
    }
  }

  @Test
  void aNewUserGetsTheDemoWithSqlDiagnosesAndClearErrors() {
    synchronized (output) {
      assertThat(String.join("\n", output)).contains("127.0.0.1 only");
    }
    Http.Reply created = http.post("/api/v1/sessions", "{\"database\":\"demo\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.get("sessionId");
    String sessions = "/api/v1/sessions/" + id;

    Http.Reply rows =
        http.post(
            sessions + "/sql",
            "{\"sql\":\"SELECT hostname, ip_address FROM device ORDER BY id LIMIT 5\"}");
    assertThat(rows.status()).as(rows.body()).isEqualTo(200);
    assertThat(rows.rows()).hasSize(5);
    assertThat(rows.rows().get(0)).containsExactly("rtr-ams1-01", "10.1.0.1");

    Http.Reply broken = http.post(sessions + "/sql", "{\"sql\":\"SELECT hostnme FROM device\"}");
    assertThat(broken.status()).as(broken.body()).isEqualTo(422);
    assertThat(broken.error()).containsEntry("category", "UNDEFINED_COLUMN");

    Http.Reply delete = http.post(sessions + "/sql", "{\"sql\":\"DELETE FROM device\"}");
    assertThat(delete.status()).as(delete.body()).isEqualTo(403);
    assertThat(delete.error()).containsEntry("category", "READ_ONLY_VIOLATION");

    Http.Reply unknown = http.get("/api/v1/sessions/00000000-0000-4000-8000-000000000000");
    assertThat(unknown.status()).isEqualTo(404);

    Http.Reply malformed = http.post("/api/v1/sessions", "{\"database\": demo}");
    assertThat(malformed.status()).isEqualTo(400);

    Http.Reply ask = http.post(sessions + "/ask", "{\"question\":\"Which devices are offline?\"}");
    assertThat(ask.status()).as(ask.body()).isEqualTo(503);
    assertThat((String) ask.error().get("message")).contains("OPENAI_API_KEY");

    assertThat(http.get("/health").status()).isEqualTo(200);
    assertThat(http.get("/openapi/databaseai-v1.yml").status()).isEqualTo(200);
  }
}
