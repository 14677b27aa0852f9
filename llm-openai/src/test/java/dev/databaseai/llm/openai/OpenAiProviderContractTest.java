package dev.databaseai.llm.openai;

import static dev.databaseai.llm.openai.OpenAiFixtures.completion;
import static dev.databaseai.llm.openai.OpenAiFixtures.error;
import static dev.databaseai.llm.openai.OpenAiFixtures.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.databaseai.llm.ChatMessage;
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

/**
 * The LLM provider TCK for {@code openai}, against a local server speaking the Chat Completions
 * API.
 */
class OpenAiProviderContractTest extends ChatModelContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected LlmProvider provider() {
    return new OpenAiProvider();
  }

  @Override
  protected LlmConfig configFor(String baseUrl) {
    return LlmConfig.of(
        Map.of(OpenAiProvider.BASE_URL, baseUrl + "v1", OpenAiProvider.MODEL, MODEL));
  }

  @Override
  protected Optional<String> apiKeySetting() {
    return Optional.of(OpenAiProvider.API_KEY);
  }

  @Override
  protected List<String> requiredSettings() {
    return List.of(OpenAiProvider.API_KEY);
  }

  @Override
  protected Map<String, String> malformedSettings() {
    return Map.of(OpenAiProvider.BASE_URL, "api.openai.com/v1", LlmConfig.MAX_RETRIES, "many");
  }

  @Override
  protected String chatPath() {
    return "/v1/chat/completions";
  }

  @Override
  protected MockResponse completionResponse(CannedCompletion c) {
    return json(
        200,
        completion(
            c.model(),
            c.text(),
            OpenAiFixtures.wire(c.finishReason()),
            c.promptTokens(),
            c.completionTokens()));
  }

  @Override
  protected MockResponse streamResponse(CannedCompletion c, List<String> chunks) {
    return OpenAiFixtures.sse(
        OpenAiFixtures.streamBody(
            c.model(),
            chunks,
            OpenAiFixtures.wire(c.finishReason()),
            c.promptTokens(),
            c.completionTokens(),
            true));
  }

  @Override
  protected MockResponse truncatedStreamResponse(String model, List<String> chunks) {
    return OpenAiFixtures.sse(OpenAiFixtures.streamBody(model, chunks, null, 0, 0, false));
  }

  @Override
  protected MockResponse errorResponse(int status, String message) {
    String code = status == 401 ? "invalid_api_key" : status == 429 ? "rate_limit_exceeded" : null;
    return json(status, error(message, OpenAiFixtures.typeFor(status), null, code));
  }

  @Override
  protected List<MockResponse> unknownModelResponses(String model) {
    // OpenAI answers an unknown model with 404 and code model_not_found
    return List.of(
        json(
            404,
            error(
                "The model `" + model + "` does not exist or you do not have access to it.",
                "invalid_request_error",
                null,
                "model_not_found")));
  }

  @Override
  protected ObservedRequest decodeRequest(RecordedRequest request) {
    return decode(request);
  }

  static ObservedRequest decode(RecordedRequest request) {
    try {
      JsonNode body = JSON.readTree(request.getBody().utf8());
      List<ChatMessage> messages = new ArrayList<>();
      for (JsonNode m : body.path("messages")) {
        messages.add(
            new ChatMessage(
                ChatMessage.Role.valueOf(m.path("role").asText().toUpperCase(Locale.ROOT)),
                m.path("content").asText()));
      }
      List<String> stop = new ArrayList<>();
      JsonNode stopNode = body.path("stop");
      if (stopNode.isTextual()) {
        stop.add(stopNode.asText());
      }
      stopNode.forEach(s -> stop.add(s.asText()));
      JsonNode max =
          body.has("max_completion_tokens")
              ? body.get("max_completion_tokens")
              : body.get("max_tokens");
      JsonNode schema = body.path("response_format").path("json_schema").get("schema");
      return new ObservedRequest(
          body.path("model").asText(),
          messages,
          body.has("temperature")
              ? OptionalDouble.of(body.get("temperature").asDouble())
              : OptionalDouble.empty(),
          max == null ? OptionalInt.empty() : OptionalInt.of(max.asInt()),
          stop,
          body.path("stream").asBoolean(false),
          Optional.ofNullable(schema).map(JsonNode::toString));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
