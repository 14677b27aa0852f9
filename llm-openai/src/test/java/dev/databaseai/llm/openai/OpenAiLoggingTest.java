package dev.databaseai.llm.openai;

import static dev.databaseai.llm.openai.OpenAiFixtures.completion;
import static dev.databaseai.llm.openai.OpenAiFixtures.error;
import static dev.databaseai.llm.openai.OpenAiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.ResponseSchema;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the provider writes to its logs: prompts only at DEBUG, never the API key. */
class OpenAiLoggingTest {

  private static final String KEY = "sk-proj-LOGTEST-9d8c7b6a5f4e3d2c";
  private static final String PROMPT = "Which customers ordered more than 5 items in March?";

  private final MockWebServer server = new MockWebServer();
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private Logger logger;
  private Level previous;

  @BeforeEach
  void capture() throws Exception {
    server.start();
    logger = (Logger) LoggerFactory.getLogger("dev.databaseai.llm.openai");
    previous = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    server.close();
  }

  @Test
  void promptsAreLoggedOnlyAtDebugAndTheKeyNever() {
    try (ChatModel model =
        new OpenAiProvider()
            .create(
                LlmConfig.of(
                    Map.of(
                        OpenAiProvider.API_KEY,
                        KEY,
                        OpenAiProvider.BASE_URL,
                        server.url("/v1").toString(),
                        LlmConfig.MAX_RETRIES,
                        "1",
                        LlmConfig.RETRY_BASE_MS,
                        "5")))) {
      server.enqueue(json(200, completion("gpt-4o-mini", "SELECT 1", "stop", 5, 2)));
      model.complete(ChatRequest.of(List.of(ChatMessage.user(PROMPT))));
      server.enqueue(
          json(
              401,
              error(
                  "Incorrect API key provided: " + KEY,
                  "invalid_request_error",
                  null,
                  "invalid_api_key")));
      catchThrowable(() -> model.complete(ChatRequest.of(List.of(ChatMessage.user(PROMPT)))));
      // a refused response_format is logged at WARN: that line must carry neither prompt nor key
      server.enqueue(
          json(
              400,
              error(
                  "'response_format' is not supported; key " + KEY,
                  "invalid_request_error",
                  null,
                  null)));
      server.enqueue(json(200, completion("gpt-4o-mini", "{\"sql\":\"SELECT 1\"}", "stop", 5, 2)));
      model.complete(
          ChatRequest.builder()
              .message(ChatMessage.user(PROMPT))
              .responseSchema(new ResponseSchema("a", "{\"type\":\"object\"}"))
              .build());
    }

    List<ILoggingEvent> events = appender.list;
    assertThat(events).isNotEmpty();
    assertThat(events).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(KEY));
    assertThat(events)
        .filteredOn(e -> e.getFormattedMessage().contains(PROMPT))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.DEBUG));
    assertThat(events).anySatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
  }
}
