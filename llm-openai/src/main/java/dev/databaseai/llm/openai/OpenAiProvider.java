package dev.databaseai.llm.openai;

import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmProvider;
import dev.databaseai.llm.TokenCounter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The {@code openai} provider: OpenAI's Chat Completions API, or any OpenAI-compatible endpoint
 * named by {@value #BASE_URL}. Settings: {@value #API_KEY} (required), {@value #BASE_URL} (default
 * {@value #DEFAULT_BASE_URL}, the official SDKs' convention), {@value #MODEL} (default {@value
 * #DEFAULT_MODEL}), optional {@value #ORGANIZATION} and {@value #PROJECT}, plus the generic timeout
 * and retry keys of {@link LlmConfig}. Stateless and thread-safe.
 */
public final class OpenAiProvider implements LlmProvider {

  /** The provider id. */
  public static final String ID = "openai";

  /** The API key setting (sent as a bearer token, never logged). */
  public static final String API_KEY = "OPENAI_API_KEY";

  /** The base URL setting, up to and including {@code /v1}. */
  public static final String BASE_URL = "OPENAI_BASE_URL";

  /** The model setting. */
  public static final String MODEL = "OPENAI_MODEL";

  /** The optional organization id, sent as {@code OpenAI-Organization}. */
  public static final String ORGANIZATION = "OPENAI_ORG_ID";

  /** The optional project id, sent as {@code OpenAI-Project}. */
  public static final String PROJECT = "OPENAI_PROJECT_ID";

  /** The base URL when {@value #BASE_URL} is not set. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  /** The model when {@value #MODEL} is not set. */
  public static final String DEFAULT_MODEL = "gpt-4o-mini";

  @Override
  public String id() {
    return ID;
  }

  /** Configured when {@value #API_KEY} is set. */
  @Override
  public boolean isConfigured(LlmConfig config) {
    return config.get(API_KEY).isPresent();
  }

  /**
   * An {@link OpenAiChatModel}; validates every setting without contacting the server.
   *
   * @throws dev.databaseai.llm.InvalidConfigurationException naming the missing or malformed
   *     setting
   */
  @Override
  public OpenAiChatModel create(LlmConfig config) {
    String apiKey =
        config.require(
            API_KEY,
            "set it to your OpenAI API key (https://platform.openai.com/api-keys); for an"
                + " OpenAI-compatible server that needs no key, any non-empty value works");
    HttpUrl baseUrl =
        OpenAiClient.parseBaseUrl(
            BASE_URL, config.get(BASE_URL).orElse(DEFAULT_BASE_URL), DEFAULT_BASE_URL);
    String model = config.get(MODEL).orElse(DEFAULT_MODEL);
    OpenAiClient.Builder client =
        OpenAiClient.builder(ID, baseUrl)
            .apiKey(apiKey)
            .baseUrlSetting(BASE_URL)
            .apiKeySetting(API_KEY)
            .settings(config)
            .errorHook(ContextLengthErrors.openAi());
    config.get(ORGANIZATION).ifPresent(org -> client.header("OpenAI-Organization", org));
    config.get(PROJECT).ifPresent(project -> client.header("OpenAI-Project", project));
    Optional<OpenAiTokenCounter> exact = OpenAiTokenCounter.forModel(model);
    return OpenAiChatModel.builder(client.build(), model)
        .contextWindow(OpenAiModels.contextWindow(model))
        .tokenCounter(
            exact.<TokenCounter>map(c -> c).orElse(TokenCounter.approximate()), exact.isPresent())
        .maxCompletionTokens(OpenAiModels.wantsMaxCompletionTokens(model))
        .build();
  }

  /**
   * A programmatic way to the same model as {@link #create}, for embedders without environment
   * variables.
   */
  public static ModelBuilder builder() {
    return new ModelBuilder();
  }

  @Override
  public String toString() {
    return "OpenAiProvider";
  }

  /**
   * Collects the settings of an OpenAI model in code; {@link #build()} validates them as {@link
   * #create} does. Not thread-safe; its {@code toString()} never shows the key.
   */
  public static final class ModelBuilder {
    private final Map<String, String> settings = new LinkedHashMap<>();

    private ModelBuilder() {}

    public ModelBuilder apiKey(String value) {
      return set(API_KEY, value);
    }

    /** E.g. {@code https://api.openai.com/v1} or an OpenAI-compatible server's {@code …/v1}. */
    public ModelBuilder baseUrl(String value) {
      return set(BASE_URL, value);
    }

    public ModelBuilder model(String value) {
      return set(MODEL, value);
    }

    public ModelBuilder organization(String value) {
      return set(ORGANIZATION, value);
    }

    public ModelBuilder project(String value) {
      return set(PROJECT, value);
    }

    public ModelBuilder connectTimeout(Duration value) {
      return set(LlmConfig.CONNECT_TIMEOUT_MS, String.valueOf(value.toMillis()));
    }

    public ModelBuilder readTimeout(Duration value) {
      return set(LlmConfig.READ_TIMEOUT_MS, String.valueOf(value.toMillis()));
    }

    public ModelBuilder maxRetries(int value) {
      return set(LlmConfig.MAX_RETRIES, String.valueOf(value));
    }

    /** The first backoff step; later ones double (with jitter). */
    public ModelBuilder retryBaseDelay(Duration value) {
      return set(LlmConfig.RETRY_BASE_MS, String.valueOf(value.toMillis()));
    }

    /** The longest single wait before a retry, including a server's Retry-After. */
    public ModelBuilder retryMaxWait(Duration value) {
      return set(LlmConfig.RETRY_MAX_WAIT_MS, String.valueOf(value.toMillis()));
    }

    /**
     * @throws dev.databaseai.llm.InvalidConfigurationException naming a missing or malformed
     *     setting
     */
    public OpenAiChatModel build() {
      return new OpenAiProvider().create(LlmConfig.of(settings));
    }

    private ModelBuilder set(String key, String value) {
      if (value == null) {
        settings.remove(key);
      } else {
        settings.put(key, value);
      }
      return this;
    }

    @Override
    public String toString() {
      return "OpenAiProvider.ModelBuilder" + settings.keySet();
    }
  }
}
