package dev.databaseai.llm;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The bounded retry loop every provider shares, so that all behave alike: a {@link
 * RetriableLlmException} is retried at most {@code maxRetries} times; a {@link
 * RateLimitedException} waits for its {@code Retry-After} when that is within {@code maxWait} and
 * is reported at once when it is longer; other retriable failures wait a jittered exponential
 * backoff ({@code base·2^(n-1)}, capped at {@code maxWait}, of which a random half is taken off). A
 * {@link NonRetriableLlmException} is never retried. Immutable and thread-safe.
 *
 * @param maxRetries retries after the first attempt, ≥ 0
 * @param baseDelay the first backoff step, positive
 * @param maxWait the longest single wait, ≥ {@code baseDelay}
 */
public record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxWait) {

  /** Retries when {@link LlmConfig#MAX_RETRIES} is not set. */
  public static final int DEFAULT_MAX_RETRIES = 2;

  /** First backoff step when {@link LlmConfig#RETRY_BASE_MS} is not set. */
  public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);

  /** Longest single wait when {@link LlmConfig#RETRY_MAX_WAIT_MS} is not set. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);

  private static final System.Logger LOG = System.getLogger(RetryPolicy.class.getName());

  public RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
    }
    Objects.requireNonNull(baseDelay, "baseDelay");
    Objects.requireNonNull(maxWait, "maxWait");
    if (baseDelay.isNegative() || baseDelay.isZero()) {
      throw new IllegalArgumentException("baseDelay must be positive, was " + baseDelay);
    }
    if (maxWait.compareTo(baseDelay) < 0) {
      throw new IllegalArgumentException(
          "maxWait (" + maxWait + ") must not be shorter than baseDelay (" + baseDelay + ")");
    }
  }

  /**
   * The policy {@code config} describes through {@link LlmConfig#MAX_RETRIES}, {@link
   * LlmConfig#RETRY_BASE_MS} and {@link LlmConfig#RETRY_MAX_WAIT_MS}, with the defaults above.
   *
   * @throws InvalidConfigurationException naming the key when a value is malformed
   */
  public static RetryPolicy from(LlmConfig config) {
    int retries = config.integer(LlmConfig.MAX_RETRIES, DEFAULT_MAX_RETRIES);
    Duration base = config.millis(LlmConfig.RETRY_BASE_MS, DEFAULT_BASE_DELAY);
    Duration maxWait =
        config.millis(
            LlmConfig.RETRY_MAX_WAIT_MS,
            DEFAULT_MAX_WAIT.compareTo(base) < 0 ? base : DEFAULT_MAX_WAIT);
    if (maxWait.compareTo(base) < 0) {
      throw new InvalidConfigurationException(
          LlmConfig.RETRY_MAX_WAIT_MS
              + " ("
              + maxWait.toMillis()
              + ") must not be smaller than "
              + LlmConfig.RETRY_BASE_MS
              + " ("
              + base.toMillis()
              + ")");
    }
    return new RetryPolicy(retries, base, maxWait);
  }

  /**
   * Runs {@code attempt}, retrying retriable failures within this policy's bounds.
   *
   * @return what the first successful attempt returned
   * @throws LlmException the last failure when retries are exhausted, the failure is not retriable,
   *     a {@code Retry-After} exceeds {@code maxWait}, or the thread is interrupted while waiting
   *     (the interrupt flag is then restored)
   */
  public <T> T execute(Supplier<T> attempt) {
    for (int retry = 0; ; retry++) {
      try {
        return attempt.get();
      } catch (RetriableLlmException failure) {
        if (retry >= maxRetries) {
          throw failure;
        }
        Duration wait = waitBefore(retry + 1, failure);
        if (wait.compareTo(maxWait) > 0) {
          throw failure;
        }
        LOG.log(
            System.Logger.Level.INFO,
            "Retry {0}/{1} in {2} ms after: {3}",
            retry + 1,
            maxRetries,
            wait.toMillis(),
            failure.getMessage());
        try {
          Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          failure.addSuppressed(interrupted);
          throw failure;
        }
      }
    }
  }

  /**
   * How long to wait before retry number {@code retry} (1-based) after {@code failure}: the
   * server's {@code Retry-After} when it sent one (possibly longer than {@code maxWait}, which
   * {@link #execute} then refuses to wait for), otherwise {@link #backoff}.
   */
  public Duration waitBefore(int retry, RetriableLlmException failure) {
    if (failure instanceof RateLimitedException limited && limited.retryAfter().isPresent()) {
      return limited.retryAfter().get();
    }
    return backoff(retry);
  }

  /**
   * The jittered exponential backoff before retry number {@code retry} (1-based): a random duration
   * in [d/2, d] where d = min(maxWait, baseDelay·2^(retry-1)).
   */
  public Duration backoff(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry is 1-based, was " + retry);
    }
    long base = baseDelay.toMillis();
    long cap = maxWait.toMillis();
    long step = retry > 30 ? cap : Math.min(cap, base << (retry - 1));
    long half = step / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(step - half + 1));
  }
}
