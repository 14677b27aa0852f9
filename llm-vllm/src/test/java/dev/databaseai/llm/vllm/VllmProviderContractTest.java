package dev.databaseai.llm.vllm;

import static dev.databaseai.llm.vllm.VllmFixtures.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

/**
 * The LLM provider TCK for {@code vllm}, against a local server speaking vLLM's OpenAI-compatible
 * API.
 */
class VllmProviderContractTest extends ChatModelContractTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected LlmProvider provider() {
    return new VllmProvider();
  }

  @Override
  protected LlmConfig configFor(String baseUrl) {
    // without /v1: the provider adds it
    return LlmConfig.of(Map.of(VllmProvider.BASE_URL, baseUrl, VllmProvider.MODEL, MODEL));
  }

  @Override
  protected List<MockResponse> setupResponses() {
    return List.of(json(200, VllmFixtures.models(List.of(MODEL), 8192)));
  }

  @Override
  protected Optional<String> apiKeySetting() {
    return Optional.of(VllmProvider.API_KEY);
  }

  @Override
  protected List<String> requiredSettings() {
    return List.of(VllmProvider.BASE_URL);
  }

  @Override
  protected Map<String, String> malformedSettings() {
    return Map.of(VllmProvider.BASE_URL, "gpu-box:8000", VllmProvider.STRUCTURED_OUTPUT, "grammar");
  }

  @Override
  protected String chatPath() {
    return "/v1/chat/completions";
  }

  @Override
  protected MockResponse completionResponse(CannedCompletion c) {
    return json(
        200,
        VllmFixtures.completion(
            c.model(), c.text(), wire(c.finishReason()), c.promptTokens(), c.completionTokens()));
  }

  @Override
  protected MockResponse streamResponse(CannedCompletion c, List<String> chunks) {
    return VllmFixtures.sse(
        VllmFixtures.stream(
            c.model(),
            chunks,
            wire(c.finishReason()),
            c.promptTokens(),
            c.completionTokens(),
            true));
  }

  @Override
  protected MockResponse truncatedStreamResponse(String model, List<String> chunks) {
    return VllmFixtures.sse(VllmFixtures.stream(model, chunks, null, 0, 0, false));
  }

  @Override
  protected MockResponse errorResponse(int status, String message) {
    if (status == 401) {
      // vLLM's --api-key middleware answers every refused key with exactly this body
      return json(401, "{\"error\":\"Unauthorized\"}");
    }
    String type =
        switch (status) {
          case 400 -> "BadRequestError";
          case 403 -> "Forbidden";
          case 404 -> "NotFoundError";
          case 429 -> "TooManyRequests";
          default -> "InternalServerError";
        };
    return json(status, VllmFixtures.error(message, type, status));
  }

  @Override
  protected List<MockResponse> unknownModelResponses(String model) {
    // the provider checks VLLM_MODEL against /v1/models when it is created
    return List.of(json(200, VllmFixtures.models(List.of(MODEL), 8192)));
  }

  @Override
  protected ObservedRequest decodeRequest(RecordedRequest request) {
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
      body.path("stop").forEach(s -> stop.add(s.asText()));
      JsonNode max =
          body.has("max_completion_tokens")
              ? body.get("max_completion_tokens")
              : body.get("max_tokens");
      JsonNode schema = body.path("response_format").path("json_schema").get("schema");
      if (schema == null) {
        schema = body.path("structured_outputs").get("json");
      }
      if (schema == null) {
        schema = body.get("guided_json");
      }
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

  private static String wire(FinishReason reason) {
    return switch (reason) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case CONTENT_FILTER -> "content_filter";
      case OTHER -> "abort";
    };
  }
}
