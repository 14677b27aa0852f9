package dev.databaseai.llm.vllm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.databaseai.llm.InvalidConfigurationException;
import dev.databaseai.llm.InvalidRequestException;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmProvider;
import dev.databaseai.llm.ModelNotFoundException;
import dev.databaseai.llm.ServerErrorException;
import dev.databaseai.llm.TokenCounter;
import dev.databaseai.llm.openai.OpenAiChatModel;
import dev.databaseai.llm.openai.OpenAiChatModel.StructuredOutput;
import dev.databaseai.llm.openai.OpenAiClient;
import dev.databaseai.llm.openai.OpenAiTokenCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code vllm} provider: a vLLM server's OpenAI-compatible API, through llm-openai's {@link
 * OpenAiClient} and {@link OpenAiChatModel}, plus what vLLM adds: {@code GET /v1/models} gives the
 * context window ({@code max_model_len}) and the default model, structured output through vLLM's
 * guided decoding, and its HTTP 400 context overflows become {@link
 * dev.databaseai.llm.ContextLengthExceededException} with the numbers ({@link VllmContextErrors}).
 *
 * <p>Settings: {@value #BASE_URL} (required; with or without {@code /v1}), {@value #MODEL}
 * (default: the one model the server serves), {@value #API_KEY} (when the server runs with {@code
 * --api-key}), {@value #STRUCTURED_OUTPUT}, plus the generic timeout and retry keys of {@link
 * LlmConfig}. Stateless and thread-safe.
 */
public final class VllmProvider implements LlmProvider {

  /** The provider id. */
  public static final String ID = "vllm";

  /** The server's URL, e.g. {@code http://gpu-box:8000} or {@code http://gpu-box:8000/v1}. */
  public static final String BASE_URL = "VLLM_BASE_URL";

  /** The served model name; optional when the server serves exactly one. */
  public static final String MODEL = "VLLM_MODEL";

  /** The key the server was started with ({@code vllm serve … --api-key}); optional. */
  public static final String API_KEY = "VLLM_API_KEY";

  /**
   * How a response schema is sent: {@code response_format} (default; OpenAI's {@code json_schema},
   * served by every vLLM release since 0.6), {@code structured_outputs} (vLLM ≥ 0.10.2's {@code
   * {"structured_outputs": {"json": …}}}), {@code guided_json} (vLLM < 0.12), or {@code none}.
   */
  public static final String STRUCTURED_OUTPUT = "VLLM_STRUCTURED_OUTPUT";

  /**
   * Priority in {@code auto} selection: a configured local vLLM server wins over a stray OpenAI
   * key.
   */
  public static final int PRIORITY = 20;

  private static final String EXAMPLE_URL = "http://localhost:8000/v1";
  private static final Logger LOG = LoggerFactory.getLogger(VllmProvider.class);

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int priority() {
    return PRIORITY;
  }

  /** Configured when {@value #BASE_URL} is set. */
  @Override
  public boolean isConfigured(LlmConfig config) {
    return config.get(BASE_URL).isPresent();
  }

  /**
   * Validates the settings, asks the server for its models and returns a client for the chosen one.
   *
   * @throws InvalidConfigurationException when a setting is missing or malformed, or {@value
   *     #MODEL} is unset while the server serves several models (the message lists them)
   * @throws ModelNotFoundException when the server does not serve {@value #MODEL} (the message
   *     lists what it serves)
   * @throws dev.databaseai.llm.LlmException when {@code /v1/models} cannot be read
   */
  @Override
  public OpenAiChatModel create(LlmConfig config) {
    HttpUrl baseUrl =
        withV1(
            OpenAiClient.parseBaseUrl(
                BASE_URL,
                config.require(
                    BASE_URL,
                    "set it to your vLLM server, e.g. " + EXAMPLE_URL + " (with or without /v1)"),
                EXAMPLE_URL));
    StructuredOutput structured =
        structuredOutput(config.get(STRUCTURED_OUTPUT).orElse("response_format"));
    OpenAiClient client =
        OpenAiClient.builder(ID, baseUrl)
            .apiKey(config.get(API_KEY).orElse(null))
            .apiKeySetting(API_KEY)
            .baseUrlSetting(BASE_URL)
            .settings(config)
            .errorHook(VllmContextErrors.hook())
            .build();
    try {
      ServedModel model = servedModel(client, config.get(MODEL), OpenAiClient.display(baseUrl));
      Optional<OpenAiTokenCounter> exact =
          OpenAiTokenCounter.forModel(model.id().substring(model.id().lastIndexOf('/') + 1));
      return OpenAiChatModel.builder(client, model.id())
          .contextWindow(model.maxModelLen())
          .structuredOutput(structured)
          .tokenCounter(
              exact.<TokenCounter>map(c -> c).orElse(TokenCounter.approximate()), exact.isPresent())
          .build();
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * The model to use. A gateway in front of vLLM may not route {@code /v1/models} (404/405): with
   * {@value #MODEL} set that only costs the context window, so it is logged and tolerated; without
   * it there is no way to choose, so it fails.
   */
  private static ServedModel servedModel(
      OpenAiClient client, Optional<String> wanted, String where) {
    List<ServedModel> served;
    try {
      served = servedModels(client);
    } catch (InvalidRequestException unrouted) {
      if (wanted.isEmpty()) {
        throw new InvalidConfigurationException(
            MODEL
                + " is not set and the server at "
                + where
                + " does not list its models ("
                + unrouted.getMessage()
                + "); set "
                + MODEL
                + " or point "
                + BASE_URL
                + " at the vLLM server itself");
      }
      LOG.warn(
          "{} cannot list models at {}/models ({}); using {}={} with an unknown context window",
          ID,
          where,
          unrouted.getMessage(),
          MODEL,
          wanted.get());
      return new ServedModel(wanted.get(), OptionalInt.empty(), Optional.empty());
    }
    return choose(served, wanted, where);
  }

  /** {@code url} ending in {@code /v1}, whether or not it already did. */
  static HttpUrl withV1(HttpUrl url) {
    List<String> segments = new ArrayList<>(url.pathSegments());
    segments.removeIf(String::isEmpty);
    HttpUrl.Builder builder = url.newBuilder().encodedPath("/");
    segments.forEach(builder::addPathSegment);
    if (segments.isEmpty() || !segments.get(segments.size() - 1).equals("v1")) {
      builder.addPathSegment("v1");
    }
    return builder.build();
  }

  /**
   * The models {@code GET {base}/models} lists, as vLLM's OpenAI-compatible server reports them.
   */
  static List<ServedModel> servedModels(OpenAiClient client) {
    JsonNode answer = client.get("models");
    JsonNode data = answer.get("data");
    if (data == null || !data.isArray()) {
      throw new ServerErrorException(
          ID
              + " answered GET "
              + OpenAiClient.display(client.baseUrl())
              + "/models without a 'data' array; is "
              + BASE_URL
              + " a vLLM server?");
    }
    List<ServedModel> models = new ArrayList<>();
    for (JsonNode entry : data) {
      String id = entry.path("id").asText("");
      if (id.isEmpty()) {
        continue;
      }
      JsonNode len = entry.get("max_model_len");
      JsonNode parent = entry.get("parent");
      models.add(
          new ServedModel(
              id,
              len != null && len.canConvertToInt() && len.asInt() > 0
                  ? OptionalInt.of(len.asInt())
                  : OptionalInt.empty(),
              parent == null || parent.isNull() ? Optional.empty() : Optional.of(parent.asText())));
    }
    return List.copyOf(models);
  }

  private static ServedModel choose(
      List<ServedModel> served, Optional<String> wanted, String where) {
    List<String> names = served.stream().map(ServedModel::id).toList();
    if (wanted.isPresent()) {
      return served.stream()
          .filter(m -> m.id().equals(wanted.get()))
          .findFirst()
          .orElseThrow(
              () ->
                  new ModelNotFoundException(
                      ID
                          + " server at "
                          + where
                          + " does not serve model '"
                          + wanted.get()
                          + "' ("
                          + MODEL
                          + "). Served models: "
                          + names
                          + ". Set "
                          + MODEL
                          + " to one of them, or start vLLM with that model (vllm serve <model>"
                          + " --served-model-name <name>)."));
    }
    if (served.size() == 1) {
      return served.get(0);
    }
    throw new InvalidConfigurationException(
        MODEL
            + " is not set and the "
            + ID
            + " server at "
            + where
            + (served.isEmpty()
                ? " lists no models at /v1/models; wait until it has loaded its model, or check "
                    + BASE_URL
                : " serves "
                    + served.size()
                    + " models: "
                    + names
                    + ". Set "
                    + MODEL
                    + " to one of them."));
  }

  static StructuredOutput structuredOutput(String mode) {
    return switch (mode.toLowerCase(Locale.ROOT)) {
      case "response_format" -> StructuredOutput.RESPONSE_FORMAT;
      case "structured_outputs" ->
          (schema, json, body) -> body.putObject("structured_outputs").set("json", json);
      case "guided_json" -> (schema, json, body) -> body.set("guided_json", json);
      case "none" -> null;
      default ->
          throw new InvalidConfigurationException(
              STRUCTURED_OUTPUT
                  + " must be one of response_format, structured_outputs, guided_json, none; was '"
                  + mode
                  + "'");
    };
  }

  @Override
  public String toString() {
    return "VllmProvider";
  }
}
