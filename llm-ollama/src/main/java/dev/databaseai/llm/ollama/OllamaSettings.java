package dev.databaseai.llm.ollama;

import dev.databaseai.llm.InvalidConfigurationException;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import okhttp3.HttpUrl;

/**
 * The Ollama client's settings, read from an {@link LlmConfig}. Immutable; {@link #toString()}
 * never shows the API key.
 *
 * @param baseUrl the server, ending in {@code /}
 * @param model the model name as Ollama knows it, e.g. {@code llama3.2} or {@code qwen2.5:7b}
 * @param numCtx the context window to request ({@code options.num_ctx}) when configured
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait between bytes of an answer
 * @param retry how failures are retried
 * @param apiKey a bearer token for a proxy in front of Ollama, if configured
 */
record OllamaSettings(
    HttpUrl baseUrl,
    String model,
    OptionalInt numCtx,
    Duration connectTimeout,
    Duration readTimeout,
    RetryPolicy retry,
    Optional<String> apiKey) {

  static final String MODEL = "OLLAMA_MODEL";
  static final String NUM_CTX = "OLLAMA_NUM_CTX";
  static final String API_KEY = "OLLAMA_API_KEY";

  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * A non-streamed answer arrives only when generation is finished, and the first request may wait
   * for the model to load from disk: five minutes covers a large model on a laptop.
   */
  static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMinutes(5);

  OllamaSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(numCtx, "numCtx");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(readTimeout, "readTimeout");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(apiKey, "apiKey");
  }

  /**
   * Settings from {@code OLLAMA_HOST}, {@code OLLAMA_MODEL}, {@code OLLAMA_NUM_CTX}, {@code
   * OLLAMA_API_KEY} and the generic timeouts and retry count of {@link LlmConfig}.
   *
   * @param model the model to use (the caller has resolved {@code OLLAMA_MODEL})
   * @throws InvalidConfigurationException naming the setting that is malformed
   */
  static OllamaSettings from(LlmConfig config, String model) {
    OptionalInt numCtx = OptionalInt.empty();
    if (config.get(NUM_CTX).isPresent()) {
      int value = config.integer(NUM_CTX, 0);
      if (value < 1) {
        throw new InvalidConfigurationException(
            NUM_CTX + " must be a positive number of tokens, e.g. 8192; was " + value);
      }
      numCtx = OptionalInt.of(value);
    }
    return new OllamaSettings(
        OllamaHost.parse(config.get(OllamaHost.KEY).orElse(null)),
        model,
        numCtx,
        config.millis(LlmConfig.CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT),
        config.millis(LlmConfig.READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT),
        RetryPolicy.from(config),
        config.get(API_KEY));
  }

  OllamaSettings withModel(String value) {
    return new OllamaSettings(baseUrl, value, numCtx, connectTimeout, readTimeout, retry, apiKey);
  }

  /** These settings with timeouts no longer than {@code connect} and {@code read}. */
  OllamaSettings withShorterTimeouts(Duration connect, Duration read) {
    return new OllamaSettings(
        baseUrl,
        model,
        numCtx,
        connect.compareTo(connectTimeout) < 0 ? connect : connectTimeout,
        read.compareTo(readTimeout) < 0 ? read : readTimeout,
        retry,
        apiKey);
  }

  @Override
  public String toString() {
    return "OllamaSettings[baseUrl="
        + baseUrl
        + ", model="
        + model
        + ", numCtx="
        + (numCtx.isPresent() ? numCtx.getAsInt() : "auto")
        + ", connectTimeout="
        + connectTimeout.toMillis()
        + "ms, readTimeout="
        + readTimeout.toMillis()
        + "ms, maxRetries="
        + retry.maxRetries()
        + ", apiKey="
        + (apiKey.isPresent() ? "(set)" : "(none)")
        + "]";
  }
}
