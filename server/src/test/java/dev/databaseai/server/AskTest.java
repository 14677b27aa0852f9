package dev.databaseai.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.annotation.Property;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code /ask} and {@code /context} with a local HTTP server speaking the OpenAI chat-completions
 * protocol as the model, against the embedded demo database: a wrong first answer is diagnosed and
 * repaired, and the steps stream as server-sent events.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "databaseai.llm.provider", value = "openai")
class AskTest {

  static final MockWebServer MODEL = new MockWebServer();

  static {
    try {
      MODEL.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    System.setProperty("OPENAI_API_KEY", "sk-test-not-a-real-key");
    System.setProperty("OPENAI_BASE_URL", MODEL.url("/v1").toString());
    System.setProperty("OPENAI_MODEL", "gpt-4o-mini");
  }

  @Inject EmbeddedServer server;
  @Inject JsonMapper mapper;
  Http http;

  @AfterAll
  void stopModel() throws IOException {
    System.clearProperty("OPENAI_API_KEY");
    System.clearProperty("OPENAI_BASE_URL");
    System.clearProperty("OPENAI_MODEL");
    MODEL.close();
  }

  @BeforeEach
  void client() {
    http = new Http(server.getURL().toString(), mapper);
  }

  private static final String WRONG =
      "SELECT d.hostname FROM device d JOIN device_status s ON s.id = d.status_id WHERE s.status = 'down'";
  private static final String RIGHT =
      "SELECT d.hostname FROM device d JOIN device_status s ON s.id = d.status_id WHERE s.code = 'down' ORDER BY d.hostname";

  /** A chat.completion exactly as the OpenAI API sends it, with {@code content} holding the SQL. */
  private String completion(String sql, int promptTokens) throws IOException {
    String content = mapper.writeValueAsString(Map.of("sql", sql));
    return "{\"id\":\"chatcmpl-AZb7k2Qm\",\"object\":\"chat.completion\",\"created\":1764180000,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":"
        + mapper.writeValueAsString(content)
        + ",\"refusal\":null,\"annotations\":[]},"
        + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":"
        + promptTokens
        + ",\"completion_tokens\":38,\"total_tokens\":"
        + (promptTokens + 38)
        + ",\"prompt_tokens_details\":"
        + "{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,"
        + "\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}},"
        + "\"service_tier\":\"default\",\"system_fingerprint\":\"fp_560af6e559\"}";
  }

  private void enqueue(String sql) throws IOException {
    MODEL.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .addHeader("x-request-id", "req_4c1b3f0e9d")
            .body(completion(sql, 911))
            .build());
  }

  private String demoSession() {
    Http.Reply created = http.post("/api/v1/sessions", "{\"database\":\"demo\"}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.get("sessionId");
  }

  private List<String> drainModelRequests() throws InterruptedException {
    List<String> bodies = new ArrayList<>();
    RecordedRequest r;
    while ((r = MODEL.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      bodies.add(r.getBody() == null ? "" : r.getBody().utf8());
    }
    return bodies;
  }

  @Test
  void wrongColumnIsDiagnosedAndRepairedOnTheSecondAttempt() throws Exception {
    drainModelRequests();
    String id = demoSession();
    enqueue(WRONG);
    enqueue(RIGHT);

    Http.Reply reply =
        http.post(
            "/api/v1/sessions/" + id + "/ask", "{\"question\":\"Which devices are offline?\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat((String) reply.get("sql")).isEqualTo(RIGHT);
    assertThat((String) reply.get("provider")).isEqualTo("openai");
    assertThat((String) reply.get("model")).isEqualTo("gpt-4o-mini");
    Map<String, Object> result = reply.get("result");
    assertThat((List<List<Object>>) result.get("rows"))
        .extracting(r -> r.get(0))
        .containsExactly("ap-lon1-02", "fw-nyc1-01", "rtr-par1-01", "sw-ams1-02");
    List<Map<String, Object>> attempts = reply.get("attempts");
    assertThat(attempts).hasSize(2);
    Map<String, Object> firstError = (Map<String, Object>) attempts.get(0).get("error");
    assertThat(firstError).containsEntry("category", "UNDEFINED_COLUMN");
    assertThat(attempts.get(1)).doesNotContainKey("error");
    assertThat(((Number) attempts.get(0).get("promptTokens")).intValue()).isPositive();

    List<String> requests = drainModelRequests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0)).contains("\"model\":\"gpt-4o-mini\"").contains("device_status");
    assertThat(requests.get(1)).contains("s.status").contains("code");
  }

  @Test
  void eventStreamShowsEveryStepInOrder() throws Exception {
    drainModelRequests();
    String id = demoSession();
    enqueue(WRONG);
    enqueue(RIGHT);

    Http.Reply reply =
        http.post(
            "/api/v1/sessions/" + id + "/ask",
            "{\"question\":\"Which devices are offline?\"}",
            "text/event-stream");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^event:\\s*(\\S+)").matcher(reply.body());
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names)
        .containsExactly(
            "context", "sql", "executing", "error", "retry", "sql", "executing", "result");
    assertThat(reply.body()).contains("UNDEFINED_COLUMN").contains("sw-ams1-02");
    drainModelRequests();
  }

  @Test
  void followUpQuestionCarriesTheConversation() throws Exception {
    drainModelRequests();
    String id = demoSession();
    enqueue(RIGHT);
    enqueue(
        "SELECT COUNT(*) FROM device d JOIN device_status s ON s.id = d.status_id WHERE s.code = 'down'");

    assertThat(
            http.post(
                    "/api/v1/sessions/" + id + "/ask",
                    "{\"question\":\"Which devices are offline?\"}")
                .status())
        .isEqualTo(200);
    Http.Reply second =
        http.post(
            "/api/v1/sessions/" + id + "/ask",
            "{\"question\":\"How many are there?\",\"maxRetries\":0}");

    assertThat(second.status()).as(second.body()).isEqualTo(200);
    List<String> requests = drainModelRequests();
    assertThat(requests.get(1)).contains("Which devices are offline?");
  }

  @Test
  void modelThatNeverWritesWorkingSqlGets422WithTheTrace() throws Exception {
    drainModelRequests();
    String id = demoSession();
    enqueue(WRONG);
    enqueue(WRONG);

    Http.Reply reply =
        http.post(
            "/api/v1/sessions/" + id + "/ask",
            "{\"question\":\"Which devices are offline?\",\"maxRetries\":1}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(422);
    assertThat(reply.error())
        .containsEntry("code", "NO_WORKING_SQL")
        .containsEntry("category", "UNDEFINED_COLUMN");
    assertThat((List<?>) reply.error().get("attempts")).hasSize(2);
    drainModelRequests();
  }

  @Test
  void badMaxRetriesGets400NamingTheField() {
    String id = demoSession();
    Http.Reply reply =
        http.post(
            "/api/v1/sessions/" + id + "/ask", "{\"question\":\"x\",\"maxRetries\":\"three\"}");
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.error()).containsEntry("field", "maxRetries");
  }

  @Test
  void contextShowsWhatTheModelWouldSee() {
    String id = demoSession();

    Http.Reply reply =
        http.post(
            "/api/v1/sessions/" + id + "/context", "{\"question\":\"Which devices are offline?\"}");

    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat((List<String>) reply.get("tables")).anyMatch(t -> t.endsWith("device"));
    assertThat(((Number) reply.get("tokens")).intValue()).isPositive();
    assertThat(((Number) reply.get("fullSchemaTokens")).intValue())
        .isGreaterThanOrEqualTo(((Number) reply.get("tokens")).intValue());
    assertThat((String) reply.get("text")).contains("hostname");
  }
}
