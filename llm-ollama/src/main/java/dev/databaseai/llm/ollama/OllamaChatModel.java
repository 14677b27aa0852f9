package dev.databaseai.llm.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.databaseai.llm.Capability;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.FinishReason;
import dev.databaseai.llm.InvalidRequestException;
import dev.databaseai.llm.LlmException;
import dev.databaseai.llm.ModelNotFoundException;
import dev.databaseai.llm.ResponseSchema;
import dev.databaseai.llm.RetriableLlmException;
import dev.databaseai.llm.ServerErrorException;
import dev.databaseai.llm.TokenCounter;
import dev.databaseai.llm.TokenUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A chat model served by Ollama through its native API: {@code POST /api/chat}, non-streamed or
 * streamed as NDJSON (one JSON object a line, the last with {@code "done": true}). A {@link
 * ChatRequest#responseSchema()} goes out as {@code format} (structured output); temperature, max
 * tokens, stop sequences and the context window as {@code options}. Every request sends {@code
 * options.num_ctx} = {@link #contextWindow()}, because Ollama otherwise truncates long prompts to
 * its small default window without saying so.
 *
 * <p>Thread-safe. Retriable failures are retried within the configured bounds; a stream that has
 * already delivered text is never restarted. Obtain one from {@link OllamaProvider#create}.
 */
public final class OllamaChatModel implements ChatModel {

  private static final Logger LOG = LoggerFactory.getLogger(OllamaChatModel.class);
  private static final String CHAT = "api/chat";
  private static final ObjectMapper MAPPER = OllamaHttp.JSON_MAPPER;

  private final OllamaHttp http;
  private final OllamaSettings settings;
  private final int numCtx;

  private OllamaChatModel(OllamaHttp http, OllamaSettings settings, int numCtx) {
    this.http = http;
    this.settings = settings;
    this.numCtx = numCtx;
  }

  /**
   * Connects and checks that the server has the model ({@code POST /api/show}, which also tells the
   * context length).
   *
   * @throws ModelNotFoundException saying {@code ollama pull <model>} when the server lacks it
   * @throws LlmException when the server cannot be asked
   */
  static OllamaChatModel connect(OllamaSettings settings) {
    OllamaHttp http = new OllamaHttp(settings);
    try {
      OllamaModelInfo info = show(http, settings);
      int numCtx = info.numCtx(settings.numCtx());
      if (settings.numCtx().isPresent()
          && info.trainedContextLength().isPresent()
          && numCtx > info.trainedContextLength().getAsInt()) {
        LOG.warn(
            "{}={} is larger than the {} tokens model {} was trained for; answers may degrade",
            OllamaSettings.NUM_CTX,
            numCtx,
            info.trainedContextLength().getAsInt(),
            settings.model());
      }
      LOG.info(
          "Ollama model {} at {}: context window {} tokens",
          settings.model(),
          http.baseUrl(),
          numCtx);
      return new OllamaChatModel(http, settings, numCtx);
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  private static OllamaModelInfo show(OllamaHttp http, OllamaSettings settings) {
    ObjectNode body = MAPPER.createObjectNode().put("model", settings.model());
    try {
      return settings.retry().execute(() -> OllamaModelInfo.of(http.post("api/show", body)));
    } catch (ModelNotFoundException e) {
      throw modelMissing(http, settings, e, listQuietly(http));
    }
  }

  /** The names of the models the server has ({@code GET /api/tags}), sorted. */
  public List<String> localModels() {
    return settings.retry().execute(() -> listModels(http));
  }

  static List<String> listModels(OllamaHttp http) {
    JsonNode models = http.get("api/tags").path("models");
    List<String> names = new ArrayList<>();
    for (JsonNode model : models) {
      String name = model.path("name").asText(model.path("model").asText(""));
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    names.sort(null);
    return List.copyOf(names);
  }

  /** The local models for an error message; empty when they cannot be listed. */
  static List<String> listQuietly(OllamaHttp http) {
    try {
      return listModels(http);
    } catch (LlmException e) {
      LOG.debug("could not list Ollama's models for an error message", e);
      return List.of();
    }
  }

  static ModelNotFoundException modelMissing(
      OllamaHttp http, OllamaSettings settings, LlmException cause, List<String> available) {
    String model = settings.model();
    return new ModelNotFoundException(
        "the ollama server at "
            + http.baseUrl()
            + " has no model '"
            + model
            + "'. Download it with `ollama pull "
            + model
            + "` on that machine"
            + (available.isEmpty()
                ? ""
                : ", or set " + OllamaSettings.MODEL + " to one it has: " + available)
            + ". ("
            + cause.getMessage()
            + ")",
        cause);
  }

  @Override
  public String providerId() {
    return OllamaProvider.ID;
  }

  @Override
  public String modelName() {
    return settings.model();
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    ObjectNode body = body(request, false);
    return settings.retry().execute(() -> answer(translate(() -> http.post(CHAT, body))));
  }

  /**
   * Streams; a failure before the first piece of text is retried like {@link #complete}, one after
   * it is reported at once, because the caller has already received part of the answer.
   */
  @Override
  public ChatResponse stream(ChatRequest request, Consumer<String> onToken) {
    ObjectNode body = body(request, true);
    AtomicBoolean delivered = new AtomicBoolean();
    try {
      return settings
          .retry()
          .execute(
              () -> {
                try {
                  return translate(() -> streamOnce(body, onToken, delivered));
                } catch (RetriableLlmException e) {
                  if (delivered.get()) {
                    throw new AfterDelivery(e);
                  }
                  throw e;
                }
              });
    } catch (AfterDelivery e) {
      throw e.failure;
    }
  }

  /** Carries a failure past the retry loop: not an {@link LlmException}, so never retried. */
  private static final class AfterDelivery extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RetriableLlmException failure;

    AfterDelivery(RetriableLlmException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }

  private ChatResponse streamOnce(
      ObjectNode body, Consumer<String> onToken, AtomicBoolean delivered) {
    try (Response response = http.open(CHAT, body)) {
      BufferedSource source = response.body().source();
      StringBuilder text = new StringBuilder();
      int lines = 0;
      String line;
      while ((line = readLine(source)) != null) {
        if (line.isBlank()) {
          continue;
        }
        lines++;
        JsonNode chunk = http.parse(CHAT, line);
        failOnError(chunk, text.length());
        String piece = chunk.path("message").path("content").asText("");
        if (!piece.isEmpty()) {
          text.append(piece);
          delivered.set(true);
          onToken.accept(piece);
        }
        if (chunk.path("done").asBoolean(false)) {
          return response(text.toString(), chunk);
        }
      }
      throw new ServerErrorException(
          http.describe(CHAT)
              + " ended its stream after "
              + lines
              + " lines and "
              + text.length()
              + " characters without the final \"done\": true line; the answer is incomplete");
    }
  }

  private String readLine(BufferedSource source) {
    try {
      return source.readUtf8Line();
    } catch (IOException e) {
      throw http.networkFailure(CHAT, e);
    }
  }

  private ChatResponse answer(JsonNode root) {
    failOnError(root, 0);
    JsonNode content = root.path("message").path("content");
    if (!content.isTextual()) {
      throw new ServerErrorException(
          http.describe(CHAT)
              + " answered without message.content: "
              + http.redact(abbreviate(root.toString())));
    }
    if (!root.path("done").asBoolean(false)) {
      throw new ServerErrorException(
          http.describe(CHAT) + " answered with \"done\": false to a non-streamed request");
    }
    return response(content.asText(), root);
  }

  private void failOnError(JsonNode node, int deliveredChars) {
    JsonNode error = node.path("error");
    if (!error.isMissingNode() && !error.isNull()) {
      throw new ServerErrorException(
          http.describe(CHAT)
              + " reported an error"
              + (deliveredChars > 0 ? " after " + deliveredChars + " characters" : "")
              + ": "
              + http.redact(error.isTextual() ? error.asText() : error.toString()));
    }
  }

  private ChatResponse response(String text, JsonNode last) {
    TokenUsage usage =
        new TokenUsage(
            Math.max(0, last.path("prompt_eval_count").asInt(0)),
            Math.max(0, last.path("eval_count").asInt(0)));
    FinishReason reason =
        switch (last.path("done_reason").asText("").toLowerCase(Locale.ROOT)) {
          case "stop" -> FinishReason.STOP;
          case "length" -> FinishReason.LENGTH;
          default -> FinishReason.OTHER;
        };
    if (reason == FinishReason.LENGTH) {
      LOG.debug("Ollama stopped at the token limit: num_predict or num_ctx={} reached", numCtx);
    }
    return new ChatResponse(text, reason, usage, last.path("model").asText(settings.model()));
  }

  /** A missing model found while chatting gets the same actionable message as at start. */
  private <T> T translate(Supplier<T> call) {
    try {
      return call.get();
    } catch (ModelNotFoundException e) {
      throw modelMissing(http, settings, e, List.of());
    }
  }

  private ObjectNode body(ChatRequest request, boolean stream) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("model", settings.model());
    ArrayNode messages = body.putArray("messages");
    for (ChatMessage message : request.messages()) {
      messages
          .addObject()
          .put("role", message.role().name().toLowerCase(Locale.ROOT))
          .put("content", message.content());
    }
    body.put("stream", stream);
    request.responseSchema().ifPresent(schema -> body.set("format", schema(schema)));
    ObjectNode options = body.putObject("options");
    request.temperature().ifPresent(t -> options.put("temperature", t));
    request.maxTokens().ifPresent(n -> options.put("num_predict", n));
    if (!request.stop().isEmpty()) {
      ArrayNode stop = options.putArray("stop");
      request.stop().forEach(stop::add);
    }
    options.put("num_ctx", numCtx);
    warnWhenLikelyTooLong(request);
    if (LOG.isDebugEnabled()) {
      LOG.debug("Ollama request to {} for model {}: {}", http.baseUrl(), settings.model(), body);
    }
    return body;
  }

  /**
   * Ollama cuts a prompt that overflows {@code num_ctx} without any error, so say so in the log.
   * Three quarters of the conservative estimate is about four characters a token: a prompt above
   * that almost surely does not fit.
   */
  private void warnWhenLikelyTooLong(ChatRequest request) {
    int likely = TokenCounter.approximate().count(request.messages()) * 3 / 4;
    int needed = likely + request.maxTokens().orElse(0);
    if (needed > numCtx) {
      LOG.warn(
          "a prompt of about {} tokens plus {} to generate likely exceeds num_ctx={} of model {};"
              + " Ollama truncates it silently. Shorten the prompt or raise {}",
          likely,
          request.maxTokens().orElse(0),
          numCtx,
          settings.model(),
          OllamaSettings.NUM_CTX);
    }
  }

  private static JsonNode schema(ResponseSchema schema) {
    try {
      JsonNode node = MAPPER.readTree(schema.json());
      if (node == null || !node.isObject()) {
        throw new InvalidRequestException(
            "response schema '" + schema.name() + "' must be a JSON object (a JSON Schema)");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          "response schema '" + schema.name() + "' is not valid JSON: " + e.getOriginalMessage(),
          e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "…";
  }

  @Override
  public Set<Capability> capabilities() {
    return Set.of(Capability.STREAMING, Capability.STRUCTURED_OUTPUT);
  }

  /** The {@code num_ctx} every request sends (see {@link OllamaProvider} for how it is chosen). */
  @Override
  public OptionalInt contextWindow() {
    return OptionalInt.of(numCtx);
  }

  /**
   * The conservative approximation of {@link TokenCounter#approximate()}: Ollama has no tokenizer
   * endpoint.
   */
  @Override
  public TokenCounter tokenCounter() {
    return TokenCounter.approximate();
  }

  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "OllamaChatModel[" + settings + ", numCtx=" + numCtx + "]";
  }
}
