package dev.databaseai.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The model misbehaves — answers 500, returns garbage, never answers, stalls in the middle of a
 * stream — and {@code /ask} still answers within its bound with an error naming the model, while
 * the session keeps working and the next good answer from the model goes through. The model is a
 * local server speaking OpenAI Chat Completions ({@link FakeOpenAi}), configured as a user would,
 * through OPENAI_BASE_URL / OPENAI_API_KEY / OPENAI_MODEL with a 1.5 s read timeout and one retry.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "databaseai.llm.provider", value = "openai")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelFaultsTest {

  /** 2 tries × 1.5 s read timeout + backoff + the agent's own work, on a busy machine. */
  private static final long BOUND_MS = 12_000;

  private static FakeOpenAi model;

  @Inject EmbeddedServer server;

  private ApiClient api;
  private String session;

  @BeforeAll
  static void model() throws Exception {
    model = new FakeOpenAi();
    System.setProperty("OPENAI_BASE_URL", model.baseUrl());
    System.setProperty("OPENAI_API_KEY", "sk-fault-test");
    System.setProperty("OPENAI_MODEL", "fake-sql");
    System.setProperty("DATABASEAI_LLM_READ_TIMEOUT_MS", "1500");
    System.setProperty("DATABASEAI_LLM_MAX_RETRIES", "1");
    System.setProperty("DATABASEAI_LLM_RETRY_BASE_MS", "10");
    System.setProperty("DATABASEAI_LLM_RETRY_MAX_WAIT_MS", "100");
  }

  @AfterAll
  static void stopModel() {
    for (String key :
        new String[] {
          "OPENAI_BASE_URL",
          "OPENAI_API_KEY",
          "OPENAI_MODEL",
          "DATABASEAI_LLM_READ_TIMEOUT_MS",
          "DATABASEAI_LLM_MAX_RETRIES",
          "DATABASEAI_LLM_RETRY_BASE_MS",
          "DATABASEAI_LLM_RETRY_MAX_WAIT_MS"
        }) {
      System.clearProperty(key);
    }
    model.close();
  }

  @BeforeEach
  void sessionWithAnswerableModel() {
    if (api == null) {
      api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(60));
    }
    assumeTrue(api.askServed(), "this build does not serve /ask yet");
    if (session == null) {
      session = api.demoSession();
    }
    model.answers("SELECT count(*) AS devices FROM device");
  }

  private void recovers() {
    model.answers("SELECT count(*) AS devices FROM device");
    ApiClient.Reply good = api.ask(session, "How many devices are there?");
    assertThat(good.status())
        .as("the next good answer goes through: " + good.body())
        .isEqualTo(200);
    assertThat(good.text("sql")).containsIgnoringCase("count(*)");
    assertThat(api.sql(session, "SELECT 1").status())
        .as("the session still runs SQL")
        .isEqualTo(200);
  }

  private static void assertModelError(ApiClient.Reply reply) {
    assertThat(reply.status()).as(reply.body()).isIn(502, 503, 504);
    assertThat(String.valueOf(reply.error().get("message")))
        .as("names the model side")
        .isNotBlank();
    assertThat(reply.body()).as("no secret in the answer").doesNotContain("sk-fault-test");
    assertThat(reply.elapsedMs()).as("bounded, not a hang").isLessThan(BOUND_MS);
  }

  @Test
  void modelAnswering500GivesAClearErrorQuicklyAndTheSessionRecovers() {
    model.failsWith(500);

    assertModelError(api.ask(session, "How many devices are there?"));
    recovers();
  }

  @Test
  void modelReturningGarbageGivesAClearError() {
    model.returnsGarbage();

    assertModelError(api.ask(session, "How many devices are there?"));
    recovers();
  }

  @Test
  void modelThatNeverAnswersIsCutByTheReadTimeout() {
    model.stalls(20_000);

    assertModelError(api.ask(session, "How many devices are there?"));
    recovers();
  }

  @Test
  void modelStallingMidStreamEndsTheEventStreamWithAnErrorWithinTheBound() {
    model.stallsMidStream("SELECT count(*) FROM device", 20_000);

    ApiClient.Reply streamed =
        api.post(
            "/api/v1/sessions/" + session + "/ask",
            "{\"question\":\"How many devices?\"}",
            "text/event-stream");

    assertThat(streamed.elapsedMs()).as("the stream ends, not hangs").isLessThan(BOUND_MS);
    assertThat(streamed.body()).as("an error event").containsIgnoringCase("error");
    ApiClient.Reply plain = api.ask(session, "How many devices?");
    assertModelError(plain);
    recovers();
  }
}
