package dev.databaseai.llm.ollama;

import dev.databaseai.llm.LlmException;
import dev.databaseai.llm.RateLimitedException;
import dev.databaseai.llm.RetriableLlmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded retries of {@link RetriableLlmException}s: exponential backoff with equal jitter (half
 * the step fixed, half random) capped at {@code maxDelay}; a 429's {@code Retry-After} is waited
 * exactly when it is at most {@code maxRetryAfter}, and a longer demand fails at once rather than
 * blocking the caller. Immutable and thread-safe.
 *
 * @param maxRetries retries after the first attempt, ≥ 0
 * @param baseDelay the first backoff step
 * @param maxDelay the largest backoff step
 * @param maxRetryAfter the longest {@code Retry-After} that is honoured
 */
record RetryPolicy(int maxRetries, Duration baseDelay, Duration maxDelay, Duration maxRetryAfter) {

  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  static final int DEFAULT_MAX_RETRIES = 2;

  RetryPolicy {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative, was " + maxRetries);
    }
  }

  /** Half a second doubling up to 8 s; {@code Retry-After} honoured up to 30 s. */
  static RetryPolicy standard(int maxRetries) {
    return new RetryPolicy(
        maxRetries, Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(30));
  }

  /** The backoff before retry number {@code retry} (1-based), jittered within [step/2, step]. */
  Duration backoff(int retry) {
    long step = baseDelay.toMillis() << Math.min(retry - 1, 20);
    long capped = Math.min(maxDelay.toMillis(), step);
    long half = capped / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(capped - half + 1));
  }

  /**
   * Runs {@code attempt}, retrying retriable failures while retries remain and {@code mayRetry}
   * says yes (a stream that already delivered text must not start over).
   *
   * @throws LlmException the last failure, with the earlier ones attached as suppressed
   */
  <T> T run(String what, BooleanSupplier mayRetry, Supplier<T> attempt) {
    List<LlmException> earlier = new ArrayList<>();
    for (int retry = 1; ; retry++) {
      try {
        return attempt.get();
      } catch (RetriableLlmException failure) {
        Optional<Duration> wait =
            retry > maxRetries || !mayRetry.getAsBoolean()
                ? Optional.empty()
                : waitBefore(retry, failure);
        if (wait.isEmpty()) {
          earlier.forEach(failure::addSuppressed);
          throw failure;
        }
        LOG.warn(
            "{} failed ({}: {}); retry {} of {} in {} ms",
            what,
            failure.getClass().getSimpleName(),
            failure.getMessage(),
            retry,
            maxRetries,
            wait.get().toMillis());
        sleep(wait.get(), failure);
        earlier.add(failure);
      }
    }
  }

  private Optional<Duration> waitBefore(int retry, RetriableLlmException failure) {
    Optional<Duration> asked =
        failure instanceof RateLimitedException limited ? limited.retryAfter() : Optional.empty();
    if (asked.isEmpty()) {
      return Optional.of(backoff(retry));
    }
    if (asked.get().compareTo(maxRetryAfter) > 0) {
      LOG.warn(
          "the server asked to retry after {} s, longer than the {} s this client waits; giving up",
          asked.get().toSeconds(),
          maxRetryAfter.toSeconds());
      return Optional.empty();
    }
    return asked;
  }

  private static void sleep(Duration wait, RetriableLlmException failure) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure;
    }
  }
}
