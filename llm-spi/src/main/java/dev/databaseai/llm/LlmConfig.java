package dev.databaseai.llm;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Settings for one provider, keyed by the environment-variable names of DESIGN.md ({@code
 * OPENAI_API_KEY}, {@code VLLM_BASE_URL}, {@code OLLAMA_HOST}…) plus the generic timeouts.
 * Immutable; {@link #toString()} shows only the keys, never a value, because values may be secrets.
 */
public final class LlmConfig {

  /** Connect timeout in milliseconds. */
  public static final String CONNECT_TIMEOUT_MS = "DATABASEAI_LLM_CONNECT_TIMEOUT_MS";

  /** Read timeout in milliseconds (time between bytes of the answer). */
  public static final String READ_TIMEOUT_MS = "DATABASEAI_LLM_READ_TIMEOUT_MS";

  /** How many times a retriable failure is retried. */
  public static final String MAX_RETRIES = "DATABASEAI_LLM_MAX_RETRIES";

  /**
   * The first backoff step in milliseconds before retrying a server error or timeout; later steps
   * double it (with jitter). See {@link RetryPolicy}.
   */
  public static final String RETRY_BASE_MS = "DATABASEAI_LLM_RETRY_BASE_MS";

  /**
   * The longest single wait in milliseconds before a retry. Backoff steps are capped at it, and a
   * {@code Retry-After} longer than it is not waited for: the {@link RateLimitedException} is
   * reported at once. See {@link RetryPolicy}.
   */
  public static final String RETRY_MAX_WAIT_MS = "DATABASEAI_LLM_RETRY_MAX_WAIT_MS";

  private final Map<String, String> values;

  private LlmConfig(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  /** Settings from exactly these entries; blank values count as absent. */
  public static LlmConfig of(Map<String, String> values) {
    Map<String, String> copy = new HashMap<>();
    values.forEach(
        (k, v) -> {
          if (k != null && v != null && !v.isBlank()) {
            copy.put(k, v.trim());
          }
        });
    return new LlmConfig(copy);
  }

  /** Settings from the process environment. */
  public static LlmConfig fromEnvironment() {
    return of(System.getenv());
  }

  /** This configuration with {@code key} set to {@code value} (or removed when value is null). */
  public LlmConfig with(String key, String value) {
    Map<String, String> copy = new HashMap<>(values);
    if (value == null || value.isBlank()) {
      copy.remove(key);
    } else {
      copy.put(key, value.trim());
    }
    return new LlmConfig(copy);
  }

  /** The value for {@code key}, if set and not blank. */
  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(Objects.requireNonNull(key, "key")));
  }

  /**
   * The value for {@code key}.
   *
   * @throws InvalidConfigurationException naming the key and what it is for when absent
   */
  public String require(String key, String purpose) {
    return get(key)
        .orElseThrow(() -> new InvalidConfigurationException(key + " is not set: " + purpose));
  }

  /**
   * A duration in milliseconds for {@code key}, or {@code fallback}.
   *
   * @throws InvalidConfigurationException when the value is not a positive whole number
   */
  public Duration millis(String key, Duration fallback) {
    return get(key).map(v -> Duration.ofMillis(positive(key, v))).orElse(fallback);
  }

  /**
   * A non-negative whole number for {@code key}, or {@code fallback}.
   *
   * @throws InvalidConfigurationException when the value is not a whole number ≥ 0
   */
  public int integer(String key, int fallback) {
    return get(key).map(v -> (int) nonNegative(key, v)).orElse(fallback);
  }

  private static long positive(String key, String value) {
    long n = nonNegative(key, value);
    if (n == 0) {
      throw new InvalidConfigurationException(key + " must be positive, was 0");
    }
    return n;
  }

  private static long nonNegative(String key, String value) {
    try {
      long n = Long.parseLong(value);
      if (n < 0) {
        throw new InvalidConfigurationException(key + " must not be negative, was " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new InvalidConfigurationException(key + " must be a whole number, was '" + value + "'");
    }
  }

  /** The keys that are set (never their values). */
  public Set<String> keys() {
    return new TreeSet<>(values.keySet());
  }

  @Override
  public String toString() {
    return "LlmConfig" + keys();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LlmConfig other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
