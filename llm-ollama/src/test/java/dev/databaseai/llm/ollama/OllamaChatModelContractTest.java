package dev.databaseai.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.FinishReason;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmProvider;
import dev.databaseai.llm.tck.CannedCompletion;
import dev.databaseai.llm.tck.ChatModelContractTest;
import dev.databaseai.llm.tck.ObservedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** The LLM provider TCK for {@code ollama}, against a local server speaking Ollama's native API. */
class OllamaChatModelContractTest extends ChatModelContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected LlmProvider provider() {
    return new OllamaProvider();
  }

  @Override
  protected LlmConfig configFor(String baseUrl) {
    return LlmConfig.of(Map.of("OLLAMA_HOST", baseUrl, "OLLAMA_MODEL", MODEL));
  }

  /** create() asks POST /api/show once ("Show Model Information"). */
  @Override
  protected List<MockResponse> setupResponses() {
    return List.of(OllamaFixtures.json(OllamaFixtures.SHOW));
  }

  @Override
  protected Optional<String> apiKeySetting() {
    return Optional.of("OLLAMA_API_KEY");
  }

  @Override
  protected List<String> requiredSettings() {
    return List.of("OLLAMA_MODEL");
  }

  @Override
  protected Map<String, String> malformedSettings() {
    return Map.of("OLLAMA_HOST", "localhost:eleven", "OLLAMA_NUM_CTX", "lots");
  }

  @Override
  protected String chatPath() {
    return "/api/chat";
  }

  /** "Generate a chat completion", Chat request (No streaming), response. */
  @Override
  protected MockResponse completionResponse(CannedCompletion c) {
    ObjectNode answer = finalObject(c);
    answer.putObject("message").put("role", "assistant").put("content", c.text());
    return OllamaFixtures.json(answer.toString());
  }

  /** "Generate a chat completion", Chat Request (Streaming), response: NDJSON, last line done. */
  @Override
  protected MockResponse streamResponse(CannedCompletion c, List<String> chunks) {
    StringBuilder body = new StringBuilder();
    chunks.forEach(chunk -> body.append(chunkLine(c.model(), chunk)).append('\n'));
    ObjectNode last = finalObject(c);
    last.putObject("message").put("role", "assistant").put("content", "");
    body.append(last).append('\n');
    return OllamaFixtures.ndjson(body.toString());
  }

  /** As {@link #streamResponse} without the final "done": true line. */
  @Override
  protected MockResponse truncatedStreamResponse(String model, List<String> chunks) {
    StringBuilder body = new StringBuilder();
    chunks.forEach(chunk -> body.append(chunkLine(model, chunk)).append('\n'));
    return OllamaFixtures.ndjson(body.toString());
  }

  /** Ollama's error body: {"error": "..."} (as every handler in server/routes.go answers). */
  @Override
  protected MockResponse errorResponse(int status, String message) {
    return OllamaFixtures.json(status, JSON.createObjectNode().put("error", message).toString());
  }

  /** "Generate a chat completion", Chat request (No streaming), response cut off mid-object. */
  @Override
  protected MockResponse malformedResponse() {
    String chat = OllamaFixtures.CHAT;
    return OllamaFixtures.json(chat.substring(0, chat.indexOf("\"content\"")));
  }

  /** create(): /api/show answers 404 (the show handler's body), then /api/tags lists others. */
  @Override
  protected List<MockResponse> unknownModelResponses(String model) {
    return List.of(
        OllamaFixtures.json(
            404,
            JSON.createObjectNode().put("error", "model '" + model + "' not found").toString()),
        OllamaFixtures.json(OllamaFixtures.TAGS));
  }

  @Override
  protected ObservedRequest decodeRequest(RecordedRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ChatMessage> messages = new ArrayList<>();
    for (JsonNode m : body.path("messages")) {
      messages.add(
          new ChatMessage(
              ChatMessage.Role.valueOf(m.path("role").asText().toUpperCase(Locale.ROOT)),
              m.path("content").asText()));
    }
    JsonNode options = body.path("options");
    List<String> stop = new ArrayList<>();
    options.path("stop").forEach(s -> stop.add(s.asText()));
    return new ObservedRequest(
        body.path("model").asText(),
        messages,
        options.has("temperature")
            ? OptionalDouble.of(options.path("temperature").asDouble())
            : OptionalDouble.empty(),
        options.has("num_predict")
            ? OptionalInt.of(options.path("num_predict").asInt())
            : OptionalInt.empty(),
        stop,
        body.path("stream").asBoolean(true), // Ollama streams unless told "stream": false
        body.has("format") ? Optional.of(body.path("format").toString()) : Optional.empty());
  }

  private static String chunkLine(String model, String content) {
    ObjectNode line = JSON.createObjectNode();
    line.put("model", model).put("created_at", "2023-08-04T08:52:19.385406455-07:00");
    line.putObject("message").put("role", "assistant").put("content", content);
    line.put("done", false);
    return line.toString();
  }

  private static ObjectNode finalObject(CannedCompletion c) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("model", c.model()).put("created_at", "2023-12-12T14:13:43.416799Z");
    answer.put("done_reason", c.finishReason() == FinishReason.LENGTH ? "length" : "stop");
    answer.put("done", true);
    answer.put("total_duration", 5191566416L).put("load_duration", 2154458);
    answer.put("prompt_eval_count", c.promptTokens()).put("prompt_eval_duration", 383809000);
    answer.put("eval_count", c.completionTokens()).put("eval_duration", 4799921000L);
    return answer;
  }
}
