package dev.databaseai.llm.ollama;

import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.InvalidConfigurationException;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmException;
import dev.databaseai.llm.LlmProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The {@code ollama} provider: a model served by <a href="https://ollama.com">Ollama</a> through
 * its native API. Settings:
 *
 * <ul>
 *   <li>{@code OLLAMA_HOST}: the server, as the Ollama CLI reads it ({@code localhost:11434},
 *       {@code gpu-box}, {@code 0.0.0.0:11434}, {@code https://ollama.example.com/ollama}); default
 *       {@code http://localhost:11434}.
 *   <li>{@code OLLAMA_MODEL}: the model, e.g. {@code llama3.2} (required).
 *   <li>{@code OLLAMA_NUM_CTX}: the context window in tokens sent as {@code options.num_ctx};
 *       default the model's Modelfile {@code num_ctx}, else its trained context length capped at
 *       8192, else 2048.
 *   <li>{@code OLLAMA_API_KEY}: a bearer token for a proxy in front of Ollama (optional).
 *   <li>the generic {@link LlmConfig#CONNECT_TIMEOUT_MS} (default 5 s), {@link
 *       LlmConfig#READ_TIMEOUT_MS} (default 5 min) and {@link LlmConfig#MAX_RETRIES} (default 2).
 * </ul>
 *
 * <p>{@link #create} validates eagerly with one {@code POST /api/show}: it proves the model is
 * pulled and tells its context length. Stateless and thread-safe.
 */
public final class OllamaProvider implements LlmProvider {

  /** The provider id. */
  public static final String ID = "ollama";

  @Override
  public String id() {
    return ID;
  }

  /**
   * {@code -10}: below the hosted and vLLM providers, because {@code OLLAMA_HOST} is often set only
   * to make a local Ollama listen on all interfaces; an explicitly configured OpenAI or vLLM
   * endpoint should win {@code auto} selection over it.
   */
  @Override
  public int priority() {
    return -10;
  }

  /** True when {@code OLLAMA_HOST} or {@code OLLAMA_MODEL} is set. */
  @Override
  public boolean isConfigured(LlmConfig config) {
    return config.get(OllamaHost.KEY).isPresent() || config.get(OllamaSettings.MODEL).isPresent();
  }

  /**
   * A client for {@code OLLAMA_MODEL} on {@code OLLAMA_HOST}.
   *
   * @throws InvalidConfigurationException when {@code OLLAMA_MODEL} is missing (listing the
   *     server's models when it can be reached) or a setting is malformed
   * @throws dev.databaseai.llm.ModelNotFoundException when the server lacks the model; the message
   *     says {@code ollama pull <model>}
   * @throws LlmException when the server cannot be reached or fails
   */
  @Override
  public ChatModel create(LlmConfig config) {
    Optional<String> model = config.get(OllamaSettings.MODEL);
    OllamaSettings settings = OllamaSettings.from(config, model.orElse(""));
    if (model.isEmpty()) {
      throw new InvalidConfigurationException(
          OllamaSettings.MODEL
              + " is not set: name the Ollama model to use, e.g. llama3.2"
              + modelsOn(settings)
              + ". Download one with `ollama pull <model>`.");
    }
    return OllamaChatModel.connect(settings);
  }

  /** " (<host> has [...])" when the server answers quickly, else "". */
  private static String modelsOn(OllamaSettings settings) {
    OllamaSettings quick =
        settings.withShorterTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2));
    try (OllamaHttp http = new OllamaHttp(quick)) {
      List<String> models = OllamaChatModel.listQuietly(http);
      return models.isEmpty() ? "" : " (" + settings.baseUrl() + " has " + models + ")";
    }
  }
}
