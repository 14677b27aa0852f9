package dev.databaseai.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.databaseai.llm.Capability;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.FinishReason;
import dev.databaseai.llm.InvalidRequestException;
import dev.databaseai.llm.ResponseSchema;
import dev.databaseai.llm.ServerErrorException;
import dev.databaseai.llm.TokenCounter;
import dev.databaseai.llm.TokenUsage;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatModel} over the Chat Completions API ({@code POST {base}/chat/completions}) of
 * OpenAI or any compatible server, built on an {@link OpenAiClient}. Thread-safe.
 *
 * <p>It adapts once, and remembers, when a server refuses a request feature with HTTP 400:
 * structured output ({@code response_format} or the fields of the configured {@link
 * StructuredOutput}) falls back to plain text, {@code max_tokens} becomes {@code
 * max_completion_tokens}, an unsupported {@code temperature} or {@code stream_options} is dropped.
 * Every such fallback is logged at WARN.
 *
 * <p>{@code finish_reason: length} is reported as {@link FinishReason#LENGTH}; when the request
 * asked for structured output the cut-off JSON is useless, so that case is an {@link
 * InvalidRequestException} saying to raise the token limit.
 */
public final class OpenAiChatModel implements ChatModel {

  /** The default chat path below the base URL. */
  public static final String CHAT_PATH = "chat/completions";

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatModel.class);
  private static final int MAX_ADAPTATIONS = 4;

  /** Puts a request's JSON Schema into the request body in a server's dialect. */
  @FunctionalInterface
  public interface StructuredOutput {
    /**
     * OpenAI's {@code response_format: {type: json_schema, json_schema: {name, schema, strict:
     * true}}}; strict mode needs {@code additionalProperties: false} and every property required.
     */
    StructuredOutput RESPONSE_FORMAT =
        (schema, schemaJson, body) -> {
          ObjectNode format = body.putObject("response_format");
          format.put("type", "json_schema");
          ObjectNode jsonSchema = format.putObject("json_schema");
          jsonSchema.put("name", schema.name());
          jsonSchema.set("schema", schemaJson);
          jsonSchema.put("strict", true);
        };

    /** Adds the fields that make the server follow {@code schemaJson}. */
    void apply(ResponseSchema schema, JsonNode schemaJson, ObjectNode body);
  }

  /** Adds provider-specific fields to every request body, after the standard ones. */
  @FunctionalInterface
  public interface RequestCustomizer {
    void customize(ChatRequest request, ObjectNode body);
  }

  private final OpenAiClient client;
  private final String model;
  private final String chatPath;
  private final OptionalInt contextWindow;
  private final TokenCounter tokenCounter;
  private final boolean exactTokenCount;
  private final StructuredOutput structuredOutput;
  private final RequestCustomizer customizer;
  private final boolean streamUsage;

  private final AtomicBoolean structuredRefused = new AtomicBoolean();
  private final AtomicBoolean useMaxCompletionTokens;
  private final AtomicBoolean temperatureRefused = new AtomicBoolean();
  private final AtomicBoolean streamOptionsRefused = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private OpenAiChatModel(Builder b) {
    this.client = b.client;
    this.model = b.model;
    this.chatPath = b.chatPath;
    this.contextWindow = b.contextWindow;
    this.tokenCounter = b.tokenCounter;
    this.exactTokenCount = b.exactTokenCount;
    this.structuredOutput = b.structuredOutput;
    this.customizer = b.customizer;
    this.streamUsage = b.streamUsage;
    this.useMaxCompletionTokens = new AtomicBoolean(b.maxCompletionTokens);
  }

  /**
   * A builder for {@code model} on {@code client}. Defaults: OpenAI's {@code response_format}
   * structured output, the approximate token counter, no known context window.
   */
  public static Builder builder(OpenAiClient client, String model) {
    return new Builder(client, model);
  }

  @Override
  public String providerId() {
    return client.providerId();
  }

  @Override
  public String modelName() {
    return model;
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    return exchange(request, null);
  }

  @Override
  public ChatResponse stream(ChatRequest request, Consumer<String> onToken) {
    return exchange(request, Objects.requireNonNull(onToken, "onToken"));
  }

  @Override
  public Set<Capability> capabilities() {
    Set<Capability> set = EnumSet.of(Capability.STREAMING);
    if (structuredOutput != null && !structuredRefused.get()) {
      set.add(Capability.STRUCTURED_OUTPUT);
    }
    if (exactTokenCount) {
      set.add(Capability.EXACT_TOKEN_COUNT);
    }
    return Set.copyOf(set);
  }

  @Override
  public OptionalInt contextWindow() {
    return contextWindow;
  }

  @Override
  public TokenCounter tokenCounter() {
    return tokenCounter;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "OpenAiChatModel["
        + client.providerId()
        + " "
        + model
        + " at "
        + OpenAiClient.display(client.baseUrl())
        + "]";
  }

  // ---------------------------------------------------------------- the exchange

  private ChatResponse exchange(ChatRequest request, Consumer<String> onToken) {
    for (int adaptation = 0; ; adaptation++) {
      boolean structured =
          structuredOutput != null
              && !structuredRefused.get()
              && request.responseSchema().isPresent();
      ObjectNode body = body(request, onToken != null, structured);
      try {
        return onToken == null
            ? client.post(chatPath, body, json -> parseCompletion(json, structured, request))
            : streamCompletion(body, structured, request, onToken);
      } catch (InvalidRequestException refused) {
        if (adaptation >= MAX_ADAPTATIONS || !adapt(refused.getMessage(), body, structured)) {
          throw refused;
        }
      }
    }
  }

  /** The request body; package-private so tests can check it without a server. */
  ObjectNode body(ChatRequest request, boolean stream, boolean structured) {
    ObjectNode body = client.json().createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages
          .addObject()
          .put("role", message.role().name().toLowerCase(Locale.ROOT))
          .put("content", message.content());
    }
    if (request.temperature().isPresent() && !temperatureRefused.get()) {
      body.put("temperature", request.temperature().getAsDouble());
    }
    request
        .maxTokens()
        .ifPresent(
            n ->
                body.put(useMaxCompletionTokens.get() ? "max_completion_tokens" : "max_tokens", n));
    if (!request.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      request.stop().forEach(stop::add);
    }
    if (structured) {
      ResponseSchema schema = request.responseSchema().orElseThrow();
      structuredOutput.apply(schema, parseSchema(schema), body);
    }
    if (stream) {
      body.put("stream", true);
      if (streamUsage && !streamOptionsRefused.get()) {
        body.putObject("stream_options").put("include_usage", true);
      }
    }
    if (customizer != null) {
      customizer.customize(request, body);
    }
    return body;
  }

  private JsonNode parseSchema(ResponseSchema schema) {
    try {
      JsonNode json = client.json().readTree(schema.json());
      if (json == null || !json.isObject()) {
        throw new InvalidRequestException(
            "response schema '" + schema.name() + "' is not a JSON object");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          "response schema '" + schema.name() + "' is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  /** Whether a 400 names a feature this model can drop; if so, drops it for good. */
  private boolean adapt(String message, ObjectNode body, boolean structured) {
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    boolean unsupported =
        lower.contains("unsupported")
            || lower.contains("not supported")
            || lower.contains("does not support");
    if (structured
        && (lower.contains("response_format")
            || lower.contains("json_schema")
            || lower.contains("guided")
            || lower.contains("structured_output"))) {
      structuredRefused.set(true);
      warn("structured output", message);
      return true;
    }
    if (body.has("max_tokens")
        && lower.contains("max_tokens")
        && lower.contains("max_completion_tokens")
        && unsupported) {
      useMaxCompletionTokens.set(true);
      warn("'max_tokens' (switching to 'max_completion_tokens')", message);
      return true;
    }
    if (body.has("stream_options") && lower.contains("stream_options")) {
      streamOptionsRefused.set(true);
      warn("'stream_options' (streamed answers will report no usage)", message);
      return true;
    }
    if (body.has("temperature") && lower.contains("temperature") && unsupported) {
      temperatureRefused.set(true);
      warn("'temperature' (the server's default is used)", message);
      return true;
    }
    return false;
  }

  private void warn(String feature, String message) {
    LOG.warn(
        "{} model {} at {} refused {}; retrying without it from now on. Server said: {}",
        client.providerId(),
        model,
        OpenAiClient.display(client.baseUrl()),
        feature,
        message);
  }

  private ChatResponse parseCompletion(JsonNode json, boolean structured, ChatRequest request) {
    JsonNode choices = json.get("choices");
    if (choices == null || !choices.isArray()) {
      throw malformed("has no 'choices' array", json);
    }
    if (choices.isEmpty()) {
      throw new ServerErrorException(
          client.providerId()
              + " answered model "
              + model
              + " with an empty 'choices' array: no text was generated (the server may have"
              + " filtered the answer or failed internally)");
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.get("message");
    if (message == null || !message.isObject()) {
      throw malformed("has a choice without a 'message' object", json);
    }
    String content = textOrNull(message.get("content"));
    String refusal = textOrNull(message.get("refusal"));
    FinishReason reason = finishReason(textOrNull(choice.get("finish_reason")));
    String text = content == null ? "" : content;
    if (content == null && refusal != null) {
      text = refusal;
      reason = FinishReason.CONTENT_FILTER;
    }
    ChatResponse response =
        new ChatResponse(text, reason, usage(json.get("usage")), json.path("model").asText(model));
    LOG.debug("{} answer: {}", client.providerId(), text);
    return checked(response, structured, request);
  }

  private ChatResponse streamCompletion(
      ObjectNode body, boolean structured, ChatRequest request, Consumer<String> onToken) {
    StringBuilder text = new StringBuilder();
    FinishReason[] reason = {FinishReason.OTHER};
    TokenUsage[] usage = {TokenUsage.NONE};
    String[] answeredBy = {model};
    client.postStream(
        chatPath,
        body,
        event -> {
          answeredBy[0] = event.path("model").asText(answeredBy[0]);
          JsonNode choices = event.path("choices");
          if (choices.isArray() && !choices.isEmpty()) {
            JsonNode choice = choices.get(0);
            JsonNode delta = choice.path("delta");
            // "message" instead of "delta": a server that ignored "stream": true sent the whole
            // answer
            JsonNode part = choice.has("delta") ? delta : choice.path("message");
            String piece = textOrNull(part.get("content"));
            if (piece == null) {
              piece = textOrNull(part.get("refusal"));
            }
            if (piece != null && !piece.isEmpty()) {
              text.append(piece);
              onToken.accept(piece);
            }
            String finish = textOrNull(choice.get("finish_reason"));
            if (finish != null) {
              reason[0] = finishReason(finish);
            }
          }
          JsonNode reported = event.get("usage");
          if (reported != null && reported.isObject()) {
            usage[0] = usage(reported);
          }
        });
    LOG.debug("{} streamed answer: {}", client.providerId(), text);
    return checked(
        new ChatResponse(text.toString(), reason[0], usage[0], answeredBy[0]), structured, request);
  }

  private ChatResponse checked(ChatResponse response, boolean structured, ChatRequest request) {
    if (response.finishReason() == FinishReason.LENGTH && structured) {
      throw new InvalidRequestException(
          client.providerId()
              + " model "
              + model
              + " reached the token limit (finish_reason=length"
              + request.maxTokens().stream()
                  .mapToObj(n -> ", maxTokens=" + n)
                  .findFirst()
                  .orElse("")
              + ") before the structured JSON answer was complete; raise maxTokens or shorten the"
              + " prompt");
    }
    return response;
  }

  private ServerErrorException malformed(String what, JsonNode json) {
    String shown = json.toString();
    return new ServerErrorException(
        client.providerId()
            + " answer for model "
            + model
            + " "
            + what
            + ", so it is not a chat completion: "
            + client.redact(shown.length() > 200 ? shown.substring(0, 200) + "…" : shown));
  }

  static FinishReason finishReason(String value) {
    if (value == null) {
      return FinishReason.OTHER;
    }
    return switch (value) {
      case "stop", "eos", "end_turn", "stop_sequence" -> FinishReason.STOP;
      case "length", "max_tokens" -> FinishReason.LENGTH;
      case "content_filter" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER;
    };
  }

  private static TokenUsage usage(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return TokenUsage.NONE;
    }
    return new TokenUsage(
        Math.max(0, usage.path("prompt_tokens").asInt(0)),
        Math.max(0, usage.path("completion_tokens").asInt(0)));
  }

  private static String textOrNull(JsonNode node) {
    return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
  }

  /** Builds an {@link OpenAiChatModel}. Not thread-safe. */
  public static final class Builder {
    private final OpenAiClient client;
    private final String model;
    private String chatPath = CHAT_PATH;
    private OptionalInt contextWindow = OptionalInt.empty();
    private TokenCounter tokenCounter = TokenCounter.approximate();
    private boolean exactTokenCount;
    private StructuredOutput structuredOutput = StructuredOutput.RESPONSE_FORMAT;
    private RequestCustomizer customizer;
    private boolean streamUsage = true;
    private boolean maxCompletionTokens;

    private Builder(OpenAiClient client, String model) {
      this.client = Objects.requireNonNull(client, "client");
      this.model = Objects.requireNonNull(model, "model");
      if (model.isBlank()) {
        throw new IllegalArgumentException("model must not be blank");
      }
    }

    /** The chat path below the base URL; default {@value #CHAT_PATH}. */
    public Builder chatPath(String value) {
      chatPath = Objects.requireNonNull(value, "chatPath");
      return this;
    }

    /** The model's context window in tokens, when known. */
    public Builder contextWindow(OptionalInt value) {
      contextWindow = Objects.requireNonNull(value, "contextWindow");
      return this;
    }

    /** The token counter, and whether it counts exactly as the model does. */
    public Builder tokenCounter(TokenCounter value, boolean exact) {
      tokenCounter = Objects.requireNonNull(value, "tokenCounter");
      exactTokenCount = exact;
      return this;
    }

    /**
     * How a response schema is sent; null disables structured output. Default: {@code
     * response_format}.
     */
    public Builder structuredOutput(StructuredOutput value) {
      structuredOutput = value;
      return this;
    }

    /** Provider-specific fields added to every request body. */
    public Builder requestCustomizer(RequestCustomizer value) {
      customizer = value;
      return this;
    }

    /**
     * Whether streamed requests ask for usage ({@code stream_options.include_usage}); default true.
     */
    public Builder streamUsage(boolean value) {
      streamUsage = value;
      return this;
    }

    /**
     * Send {@code max_completion_tokens} instead of {@code max_tokens} from the start (o-series,
     * GPT-5).
     */
    public Builder maxCompletionTokens(boolean value) {
      maxCompletionTokens = value;
      return this;
    }

    public OpenAiChatModel build() {
      return new OpenAiChatModel(this);
    }
  }
}
