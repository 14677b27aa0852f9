package dev.databaseai.llm.ollama;

import static dev.databaseai.llm.ollama.OllamaFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.InvalidConfigurationException;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmProviders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class OllamaProviderTest {

  private final OllamaServer ollama = new OllamaServer();

  @AfterEach
  void stop() {
    ollama.close();
  }

  @Test
  void isFoundByServiceLoaderUnderIdOllama() {
    LlmProviders providers = LlmProviders.load(OllamaProviderTest.class.getClassLoader());

    assertThat(providers.find("ollama")).get().isInstanceOf(OllamaProvider.class);
  }

  @Test
  void isConfiguredWhenOllamaHostOrOllamaModelIsSet() {
    OllamaProvider provider = new OllamaProvider();

    assertThat(provider.isConfigured(LlmConfig.of(Map.of("OLLAMA_HOST", "gpu-box")))).isTrue();
    assertThat(provider.isConfigured(LlmConfig.of(Map.of("OLLAMA_MODEL", "llama3.2")))).isTrue();
    assertThat(provider.isConfigured(LlmConfig.of(Map.of("OPENAI_API_KEY", "sk-x")))).isFalse();
    assertThat(provider.isConfigured(LlmConfig.of(Map.of("OLLAMA_MODEL", "  ")))).isFalse();
  }

  @Test
  void autoSelectsOllamaWhenOnlyItIsConfigured() {
    LlmProviders providers = LlmProviders.of(List.of(new OllamaProvider()));

    assertThat(providers.select("auto", LlmConfig.of(Map.of("OLLAMA_MODEL", "llama3.2"))))
        .get()
        .extracting(p -> p.id())
        .isEqualTo("ollama");
  }

  @Test
  void createsAModelThatAnswersThroughApiChat() {
    ollama.enqueue(json(OllamaFixtures.SHOW));
    ollama.enqueue(json(OllamaFixtures.CHAT));

    try (ChatModel model = new OllamaProvider().create(ollama.config())) {
      assertThat(model.providerId()).isEqualTo("ollama");
      assertThat(model.modelName()).isEqualTo("llama3.2");
      assertThat(model.contextWindow()).hasValue(8192);
      assertThat(model.complete(ChatRequest.of(List.of(ChatMessage.user("Count orders")))).text())
          .isEqualTo("SELECT count(*) FROM orders;");
    }
  }

  @Test
  void aMissingOllamaModelNamesTheSettingAndListsTheServersModels() {
    ollama.enqueue(json(OllamaFixtures.TAGS));
    LlmConfig config = LlmConfig.of(Map.of("OLLAMA_HOST", ollama.server.url("/").toString()));

    assertThatThrownBy(() -> new OllamaProvider().create(config))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("OLLAMA_MODEL is not set")
        .hasMessageContaining("has [codellama:13b, qwen2.5-coder:7b]")
        .hasMessageContaining("ollama pull <model>");
  }

  @Test
  void aMissingOllamaModelIsStillExplainedWhenTheServerIsDown() {
    ollama.close();
    LlmConfig config =
        LlmConfig.of(
            Map.of("OLLAMA_HOST", ollama.server.url("/").toString(), LlmConfig.MAX_RETRIES, "0"));

    assertThatThrownBy(() -> new OllamaProvider().create(config))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(
            "OLLAMA_MODEL is not set: name the Ollama model to use, e.g. llama3.2.");
  }

  @Test
  void aMalformedNumCtxIsRejectedNamingTheSetting() {
    assertThatThrownBy(() -> new OllamaProvider().create(ollama.config("OLLAMA_NUM_CTX", "lots")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("OLLAMA_NUM_CTX must be a whole number, was 'lots'");
    assertThatThrownBy(() -> new OllamaProvider().create(ollama.config("OLLAMA_NUM_CTX", "0")))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("OLLAMA_NUM_CTX must be a positive number of tokens");
    assertThat(ollama.requestCount()).isZero();
  }

  @Test
  void warnsWhenAPromptLikelyOverflowsTheContextWindowWithoutLoggingIt() {
    Logger logger = (Logger) LoggerFactory.getLogger("dev.databaseai.llm.ollama");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try (OllamaChatModel model = ollama.connect("OLLAMA_NUM_CTX", "256")) {
      String schema =
          "CREATE TABLE orders (id bigint, customer_id bigint, total numeric);\n".repeat(40);
      ollama.enqueue(json(OllamaFixtures.CHAT));

      model.complete(ChatRequest.of(List.of(ChatMessage.user(schema))));

      assertThat(appender.list)
          .filteredOn(event -> event.getLevel() == Level.WARN)
          .singleElement()
          .satisfies(
              event ->
                  assertThat(event.getFormattedMessage())
                      .contains("likely exceeds num_ctx=256")
                      .contains("raise OLLAMA_NUM_CTX")
                      .doesNotContain("CREATE TABLE"));
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void neverLogsTheApiKeyAndLogsPromptsOnlyAtDebug() {
    String key = "sk-proxy-secret-4242";
    String prompt = "Which customers spent more than 1000 last month?";
    Logger logger = (Logger) LoggerFactory.getLogger("dev.databaseai.llm.ollama");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    Level before = logger.getLevel();
    try {
      logger.setLevel(Level.INFO);
      try (OllamaChatModel model = ollama.connect("OLLAMA_API_KEY", key)) {
        ollama.enqueue(json(500, "{\"error\":\"llama runner process has terminated\"}"));
        ollama.enqueue(json(OllamaFixtures.CHAT));
        model.complete(ChatRequest.of(List.of(ChatMessage.user(prompt))));
        assertThat(model.toString()).contains("apiKey=(set)").doesNotContain(key);
      }
      assertThat(appender.list).isNotEmpty(); // the connect line and the retry warning
      assertThat(appender.list)
          .allSatisfy(
              event ->
                  assertThat(event.getFormattedMessage())
                      .doesNotContain(key)
                      .doesNotContain(prompt));

      logger.setLevel(Level.DEBUG);
      appender.list.clear();
      try (OllamaChatModel model = ollama.connect("OLLAMA_API_KEY", key)) {
        ollama.enqueue(json(OllamaFixtures.CHAT));
        model.complete(ChatRequest.of(List.of(ChatMessage.user(prompt))));
      }
      assertThat(appender.list)
          .anySatisfy(event -> assertThat(event.getFormattedMessage()).contains(prompt));
      assertThat(appender.list)
          .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain(key));
    } finally {
      logger.setLevel(before);
      logger.detachAppender(appender);
    }
  }
}
