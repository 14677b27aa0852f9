package dev.databaseai.llm.openai;

import static dev.databaseai.llm.openai.OpenAiFixtures.completion;
import static dev.databaseai.llm.openai.OpenAiFixtures.error;
import static dev.databaseai.llm.openai.OpenAiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.LlmConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * One model shared by several threads against a flaky server: every answer reaches the right
 * caller.
 */
class OpenAiConcurrencyTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void sharedModelAnswersEveryThreadDespiteInjectedFailures() throws Exception {
    AtomicInteger failures = new AtomicInteger();
    Map<String, Integer> attempts = new ConcurrentHashMap<>();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String question;
              try {
                question =
                    JSON.readTree(request.getBody().utf8())
                        .path("messages")
                        .get(0)
                        .path("content")
                        .asText();
              } catch (Exception e) {
                return json(400, error("unreadable request", "invalid_request_error", null, null));
              }
              // each question fails 0 to 3 times (fixed by its text), as 503 or 429, then succeeds
              int attempt = attempts.merge(question, 1, Integer::sum);
              if (attempt <= Math.floorMod(question.hashCode(), 4)) {
                failures.incrementAndGet();
                return attempt % 2 == 0
                    ? json(
                            429,
                            error(
                                "Rate limit reached for requests",
                                "requests",
                                null,
                                "rate_limit_exceeded"))
                        .newBuilder()
                        .setHeader("Retry-After", "0")
                        .build()
                    : json(
                        503,
                        error(
                            "The engine is currently overloaded, please try again later.",
                            "server_error",
                            null,
                            null));
              }
              // echo the question back so each caller can check it got its own answer
              return json(200, completion("gpt-4o-mini", "answer to " + question, "stop", 5, 3));
            }
          });
      server.start();
      int threads = 4;
      int perThread = 25;
      try (ChatModel model =
          new OpenAiProvider()
              .create(
                  LlmConfig.of(
                      Map.of(
                          OpenAiProvider.API_KEY, "sk-concurrency-test",
                          OpenAiProvider.BASE_URL, server.url("/v1").toString(),
                          LlmConfig.MAX_RETRIES, "3",
                          LlmConfig.RETRY_BASE_MS, "1",
                          LlmConfig.RETRY_MAX_WAIT_MS, "20")))) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          results.add(
              pool.submit(
                  () -> {
                    List<String> mismatches = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                      String question = "q-" + thread + "-" + i;
                      String text =
                          model
                              .complete(ChatRequest.of(List.of(ChatMessage.user(question))))
                              .text();
                      if (!text.equals("answer to " + question)) {
                        mismatches.add(question + " got " + text);
                      }
                    }
                    return mismatches;
                  }));
        }
        try {
          for (Future<List<String>> result : results) {
            assertThat(result.get(30, TimeUnit.SECONDS)).isEmpty();
          }
        } finally {
          pool.shutdownNow();
        }
      }
      assertThat(failures.get()).as("failures were injected").isPositive();
      assertThat(server.getRequestCount()).isEqualTo(threads * perThread + failures.get());
    }
  }
}
