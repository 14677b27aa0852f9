package dev.databaseai.server.llm;

import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmException;
import dev.databaseai.llm.LlmProvider;
import dev.databaseai.llm.LlmProviders;
import dev.databaseai.server.api.ApiException;
import dev.databaseai.server.config.LlmSettings;
import io.micronaut.http.HttpStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat model that answers {@code /ask}, chosen from configuration: {@code
 * DATABASEAI_LLM_PROVIDER} (openai, vllm, ollama or any installed provider id; default {@code
 * auto}) and the provider's own variables, read from the environment and, for the same names, Java
 * system properties. {@code auto} picks the configured provider, else an Ollama that answers at
 * {@code OLLAMA_HOST} or localhost:11434. Providers are found with {@link LlmProviders#load()}
 * (ServiceLoader). A failed choice is retried at most every 30 seconds, so a model started after
 * the server is picked up. Thread-safe.
 */
@Singleton
public final class ChatModels implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChatModels.class);
  private static final String DEFAULT_OLLAMA = "http://localhost:11434";
  private static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final LlmSettings settings;
  private final LlmProviders providers;
  private ChatModel model;
  private ApiException lastFailure;
  private Instant lastAttempt = Instant.EPOCH;

  public ChatModels(LlmSettings settings, LlmProviders providers) {
    this.settings = settings;
    this.providers = providers;
  }

  /** The LLM settings: environment variables overlaid by system properties of the same name. */
  public static LlmConfig configuration() {
    Map<String, String> values = new HashMap<>(System.getenv());
    System.getProperties()
        .forEach(
            (k, v) -> {
              String key = String.valueOf(k);
              if (key.matches("[A-Z][A-Z0-9_]*")) {
                values.put(key, String.valueOf(v));
              }
            });
    return LlmConfig.of(values);
  }

  /**
   * The model, created on first use.
   *
   * @throws ApiException 503 naming what to set when no model is configured or reachable
   */
  public synchronized ChatModel require() {
    if (model != null) {
      return model;
    }
    if (lastFailure != null && Instant.now().isBefore(lastAttempt.plus(RETRY_AFTER))) {
      throw lastFailure;
    }
    lastAttempt = Instant.now();
    try {
      model = create();
      lastFailure = null;
      LOG.info("LLM ready: provider {} model {}", model.providerId(), model.modelName());
      return model;
    } catch (ApiException e) {
      lastFailure = e;
      throw e;
    }
  }

  /** The model if one was already created; never creates one. */
  public synchronized Optional<ChatModel> current() {
    return Optional.ofNullable(model);
  }

  /** What the health endpoint and startup log say about the LLM; never a secret. */
  public synchronized Map<String, Object> describe() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("selection", selection());
    details.put("installedProviders", providers.all().stream().map(LlmProvider::id).toList());
    if (model != null) {
      details.put("provider", model.providerId());
      details.put("model", model.modelName());
      details.put("ready", true);
    } else {
      details.put("ready", false);
      try {
        providers
            .select(selection(), configuration())
            .ifPresentOrElse(
                p -> details.put("configuredProvider", p.id()),
                () ->
                    details.put(
                        "configuredProvider",
                        "none (auto will look for Ollama at " + ollamaHost(configuration()) + ")"));
      } catch (RuntimeException e) {
        details.put("problem", e.getMessage());
      }
      if (lastFailure != null) {
        details.put("lastError", lastFailure.getMessage());
      }
    }
    return details;
  }

  private String selection() {
    String value = settings.provider();
    return value == null || value.isBlank()
        ? LlmProviders.AUTO
        : value.trim().toLowerCase(Locale.ROOT);
  }

  private ChatModel create() {
    LlmConfig config = configuration();
    String selection = selection();
    Optional<LlmProvider> chosen;
    try {
      chosen = providers.select(selection, config);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw unavailable(
          "DATABASEAI_LLM_PROVIDER='" + selection + "' cannot be used: " + e.getMessage());
    }
    if (chosen.isEmpty()) {
      String host = ollamaHost(config);
      Optional<LlmProvider> ollama = providers.find("ollama");
      if (ollama.isPresent() && ollamaAnswers(host)) {
        config = config.with("OLLAMA_HOST", host);
        chosen = ollama;
        LOG.info("No LLM configured; using the Ollama answering at {}", host);
      } else {
        throw unavailable(
            "No LLM is configured. Set OPENAI_API_KEY (optionally OPENAI_MODEL, OPENAI_BASE_URL for any"
                + " OpenAI-compatible server), or VLLM_BASE_URL (and VLLM_MODEL) for vLLM, or OLLAMA_HOST"
                + " and OLLAMA_MODEL for Ollama (none answered at "
                + host
                + "); choose one explicitly with DATABASEAI_LLM_PROVIDER=openai|vllm|ollama. Installed"
                + " providers: "
                + providers.all().stream().map(LlmProvider::id).toList()
                + ".");
      }
    }
    LlmProvider provider = chosen.get();
    try {
      return provider.create(config);
    } catch (LlmException | IllegalArgumentException | IllegalStateException e) {
      throw unavailable(
          "The LLM provider '"
              + provider.id()
              + "' could not be used: "
              + e.getMessage()
              + " (configured variables: "
              + config.keys().stream().filter(ChatModels::llmKey).toList()
              + ")");
    }
  }

  private static boolean llmKey(String key) {
    return key.startsWith("OPENAI_")
        || key.startsWith("VLLM_")
        || key.startsWith("OLLAMA_")
        || key.startsWith("DATABASEAI_LLM");
  }

  private static String ollamaHost(LlmConfig config) {
    String host = config.get("OLLAMA_HOST").orElse(DEFAULT_OLLAMA);
    if (!host.contains("://")) {
      host = "http://" + host;
    }
    host = host.replace("://0.0.0.0", "://127.0.0.1");
    return host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
  }

  private boolean ollamaAnswers(String host) {
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(settings.probeTimeout()).build();
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(URI.create(host + "/api/tags"))
                  .timeout(settings.probeTimeout())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (java.io.IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static ApiException unavailable(String message) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "LLM_UNAVAILABLE", message);
  }

  /** The providers installed, for messages. */
  public List<String> installedProviders() {
    return providers.all().stream().map(LlmProvider::id).toList();
  }

  @PreDestroy
  @Override
  public synchronized void close() {
    if (model != null) {
      model.close();
      model = null;
    }
  }
}
