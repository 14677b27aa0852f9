package dev.databaseai.llm.ollama;

import static dev.databaseai.llm.ollama.OllamaFixtures.json;
import static dev.databaseai.llm.ollama.OllamaFixtures.ndjson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.databaseai.llm.Capability;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.FinishReason;
import dev.databaseai.llm.ResponseSchema;
import dev.databaseai.llm.TokenCounter;
import dev.databaseai.llm.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OllamaChatModelTest {

  private final OllamaServer ollama = new OllamaServer();

  @AfterEach
  void stop() {
    ollama.close();
  }

  private static ChatRequest question() {
    return ChatRequest.of(
        List.of(
            ChatMessage.system("You write PostgreSQL."),
            ChatMessage.user("How many orders are there?")));
  }

  @Test
  void completesThroughApiChatWithStreamFalseAndReadsTextUsageAndFinishReason() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(json(OllamaFixtures.CHAT));

      ChatResponse response = model.complete(question());

      assertThat(response.text()).isEqualTo("SELECT count(*) FROM orders;");
      assertThat(response.usage()).isEqualTo(new TokenUsage(26, 298));
      assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(response.model()).isEqualTo("llama3.2");
      RecordedRequest request = ollama.take();
      assertThat(request.getMethod()).isEqualTo("POST");
      assertThat(request.getUrl().encodedPath()).isEqualTo("/api/chat");
      JsonNode body = OllamaServer.body(request);
      assertThat(body.path("model").asText()).isEqualTo("llama3.2");
      assertThat(body.path("stream").asBoolean(true)).isFalse();
      assertThat(body.path("messages").toString())
          .isEqualTo(
              "[{\"role\":\"system\",\"content\":\"You write PostgreSQL.\"},"
                  + "{\"role\":\"user\",\"content\":\"How many orders are there?\"}]");
      assertThat(body.has("format")).isFalse();
    }
  }

  @Test
  void sendsTemperatureMaxTokensStopAndNumCtxAsOptions() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(json(OllamaFixtures.CHAT));

      model.complete(
          ChatRequest.builder()
              .message(ChatMessage.user("Count the orders."))
              .temperature(0.2)
              .maxTokens(200)
              .stop(List.of(";", "\n\n"))
              .build());

      JsonNode options = OllamaServer.body(ollama.take()).path("options");
      assertThat(options.path("temperature").asDouble()).isEqualTo(0.2);
      assertThat(options.path("num_predict").asInt()).isEqualTo(200);
      assertThat(options.path("stop").toString()).isEqualTo("[\";\",\"\\n\\n\"]");
      assertThat(options.path("num_ctx").asInt()).isEqualTo(8192);
    }
  }

  @Test
  void sendsTheResponseSchemaAsFormatForStructuredOutput() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(json(OllamaFixtures.CHAT_STRUCTURED));
      String schema =
          "{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"},"
              + "\"available\":{\"type\":\"boolean\"}},\"required\":[\"age\",\"available\"]}";

      ChatResponse response =
          model.complete(
              ChatRequest.builder()
                  .message(ChatMessage.user("Ollama is 22 years old and busy saving the world."))
                  .responseSchema(new ResponseSchema("person", schema))
                  .build());

      assertThat(response.text()).isEqualTo("{\"age\": 22, \"available\": false}");
      assertThat(OllamaServer.body(ollama.take()).path("format").toString()).isEqualTo(schema);
      assertThat(model.capabilities()).contains(Capability.STRUCTURED_OUTPUT, Capability.STREAMING);
    }
  }

  @Test
  void streamsNdjsonPiecesInOrderAndReturnsTheWholeAnswerWithUsage() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(ndjson(OllamaFixtures.CHAT_STREAM));
      List<String> pieces = new ArrayList<>();

      ChatResponse response = model.stream(question(), pieces::add);

      assertThat(pieces).containsExactly("SELECT", " count(*)", " FROM orders;");
      assertThat(response.text()).isEqualTo("SELECT count(*) FROM orders;");
      assertThat(response.usage()).isEqualTo(new TokenUsage(26, 282));
      assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(OllamaServer.body(ollama.take()).path("stream").asBoolean(false)).isTrue();
    }
  }

  @Test
  void reportsDoneReasonLengthAsFinishReasonLengthWhenNotStreaming() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(json(OllamaFixtures.CHAT_LENGTH));

      ChatResponse response = model.complete(question());

      assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(response.text()).isEqualTo("SELECT name, email FROM customers WHERE");
      assertThat(response.usage().completionTokens()).isEqualTo(8);
    }
  }

  @Test
  void reportsDoneReasonLengthAsFinishReasonLengthWhenStreaming() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(ndjson(OllamaFixtures.CHAT_STREAM_LENGTH));

      ChatResponse response = model.stream(question(), piece -> {});

      assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
      assertThat(response.text()).isEqualTo("SELECT name");
    }
  }

  @Test
  void capsTheContextWindowOfALongContextModelAt8192() {
    try (OllamaChatModel model = ollama.connect()) {
      // SHOW says llama.context_length 131072 and sets no num_ctx
      assertThat(model.contextWindow()).hasValue(8192);
    }
  }

  @Test
  void usesTheModelfileNumCtxAsTheContextWindow() {
    ollama.enqueue(json(OllamaFixtures.SHOW_WITH_NUM_CTX));
    try (OllamaChatModel model =
        OllamaChatModel.connect(OllamaSettings.from(ollama.config(), OllamaFixtures.MODEL))) {
      assertThat(model.contextWindow()).hasValue(4096);
      assertThat(OllamaServer.body(ollama.take()).toString()).isEqualTo("{\"model\":\"llama3.2\"}");
    }
  }

  @Test
  void usesOllamaNumCtxWhenConfigured() {
    try (OllamaChatModel model = ollama.connect("OLLAMA_NUM_CTX", "32768")) {
      ollama.enqueue(json(OllamaFixtures.CHAT));
      model.complete(question());

      assertThat(model.contextWindow()).hasValue(32768);
      assertThat(OllamaServer.body(ollama.take()).path("options").path("num_ctx").asInt())
          .isEqualTo(32768);
    }
  }

  @Test
  void assumesOllamasDefault2048WhenTheServerDoesNotTellTheContextLength() {
    ollama.enqueue(json(OllamaFixtures.SHOW_WITHOUT_MODEL_INFO));
    try (OllamaChatModel model =
        OllamaChatModel.connect(OllamaSettings.from(ollama.config(), OllamaFixtures.MODEL))) {
      assertThat(model.contextWindow()).hasValue(2048);
    }
  }

  @Test
  void listsLocalModelsFromApiTags() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(json(OllamaFixtures.TAGS));

      assertThat(model.localModels()).containsExactly("codellama:13b", "qwen2.5-coder:7b");
      RecordedRequest request = ollama.take();
      assertThat(request.getMethod()).isEqualTo("GET");
      assertThat(request.getUrl().encodedPath()).isEqualTo("/api/tags");
    }
  }

  @Test
  void countsTokensWithTheConservativeApproximation() {
    try (OllamaChatModel model = ollama.connect()) {
      String sql = "SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id";
      assertThat(model.tokenCounter().count(sql))
          .isEqualTo(TokenCounter.approximate().count(sql))
          .isEqualTo((sql.length() + 2) / 3);
    }
  }

  @Test
  void talksToAServerBehindAPathPrefix() {
    ollama.enqueue(json(OllamaFixtures.SHOW));
    ollama.enqueue(json(OllamaFixtures.CHAT));
    String host = ollama.server.url("/ollama").toString();
    try (OllamaChatModel model =
        OllamaChatModel.connect(
            OllamaSettings.from(ollama.config("OLLAMA_HOST", host), OllamaFixtures.MODEL))) {
      model.complete(question());
      assertThat(ollama.take().getUrl().encodedPath()).isEqualTo("/ollama/api/show");
      assertThat(ollama.take().getUrl().encodedPath()).isEqualTo("/ollama/api/chat");
    }
  }
}
