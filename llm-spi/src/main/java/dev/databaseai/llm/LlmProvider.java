package dev.databaseai.llm;

/**
 * An LLM backend plugin, discovered with {@link java.util.ServiceLoader} through a {@code
 * META-INF/services/dev.databaseai.llm.LlmProvider} entry; it needs a public no-argument
 * constructor. Implementations are stateless and thread-safe.
 */
public interface LlmProvider {

  /** Stable, lower-case identifier such as {@code openai}, {@code vllm} or {@code ollama}. */
  String id();

  /**
   * Whether {@code config} holds this provider's own settings (for example {@code OPENAI_API_KEY}
   * or {@code VLLM_BASE_URL}); used by {@code auto} selection. Must not touch the network.
   */
  boolean isConfigured(LlmConfig config);

  /**
   * Among configured providers, the one with the highest priority is chosen by {@code auto}.
   * Default {@code 0}.
   */
  default int priority() {
    return 0;
  }

  /**
   * A client for the model {@code config} describes. Validates eagerly: a missing or malformed
   * setting fails here, naming the variable to set, not at the first request. May contact the
   * server when it must learn something (such as the served model) to be usable.
   *
   * @throws InvalidConfigurationException when a setting is missing or malformed
   * @throws LlmException when the server must be asked and the request fails
   */
  ChatModel create(LlmConfig config);
}
