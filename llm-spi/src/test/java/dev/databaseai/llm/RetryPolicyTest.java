package dev.databaseai.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  private final RetryPolicy fast = new RetryPolicy(2, Duration.ofMillis(1), Duration.ofMillis(50));

  @Test
  void retriesServerErrorsThenReturnsTheFirstSuccess() {
    AtomicInteger calls = new AtomicInteger();
    String result =
        fast.execute(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new ServerErrorException("boom " + calls.get());
              }
              return "ok";
            });
    assertThat(result).isEqualTo("ok");
    assertThat(calls).hasValue(3);
  }

  @Test
  void givesUpAfterMaxRetriesWithTheLastFailure() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                fast.execute(
                    () -> {
                      throw new ServerErrorException("boom " + calls.incrementAndGet());
                    }))
        .isInstanceOf(ServerErrorException.class)
        .hasMessage("boom 3");
  }

  @Test
  void neverRetriesNonRetriableFailures() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                fast.execute(
                    () -> {
                      calls.incrementAndGet();
                      throw new AuthenticationException("no");
                    }))
        .isInstanceOf(AuthenticationException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void reportsRateLimitAtOnceWhenRetryAfterExceedsMaxWait() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(
            () ->
                fast.execute(
                    () -> {
                      calls.incrementAndGet();
                      throw new RateLimitedException("later", Optional.of(Duration.ofSeconds(60)));
                    }))
        .isInstanceOf(RateLimitedException.class);
    assertThat(calls).hasValue(1);
  }

  @Test
  void waitsForRetryAfterWithinMaxWait() {
    RateLimitedException limited =
        new RateLimitedException("x", Optional.of(Duration.ofMillis(40)));
    assertThat(fast.waitBefore(1, limited)).isEqualTo(Duration.ofMillis(40));
  }

  @Test
  void backoffDoublesWithJitterAndIsCapped() {
    RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(1000));
    for (int i = 0; i < 50; i++) {
      assertThat(policy.backoff(1).toMillis()).isBetween(50L, 100L);
      assertThat(policy.backoff(2).toMillis()).isBetween(100L, 200L);
      assertThat(policy.backoff(3).toMillis()).isBetween(200L, 400L);
      assertThat(policy.backoff(10).toMillis()).isBetween(500L, 1000L);
    }
  }

  @Test
  void readsItsBoundsFromConfigAndNamesBadKeys() {
    RetryPolicy policy =
        RetryPolicy.from(
            LlmConfig.of(
                Map.of(
                    LlmConfig.MAX_RETRIES, "4",
                    LlmConfig.RETRY_BASE_MS, "20",
                    LlmConfig.RETRY_MAX_WAIT_MS, "300")));
    assertThat(policy).isEqualTo(new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(300)));
    assertThat(RetryPolicy.from(LlmConfig.of(Map.of())))
        .isEqualTo(
            new RetryPolicy(
                RetryPolicy.DEFAULT_MAX_RETRIES,
                RetryPolicy.DEFAULT_BASE_DELAY,
                RetryPolicy.DEFAULT_MAX_WAIT));
    assertThatThrownBy(
            () -> RetryPolicy.from(LlmConfig.of(Map.of(LlmConfig.RETRY_BASE_MS, "fast"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("DATABASEAI_LLM_RETRY_BASE_MS")
        .hasMessageContaining("'fast'");
    assertThatThrownBy(
            () ->
                RetryPolicy.from(
                    LlmConfig.of(
                        Map.of(
                            LlmConfig.RETRY_BASE_MS, "500", LlmConfig.RETRY_MAX_WAIT_MS, "100"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "DATABASEAI_LLM_RETRY_MAX_WAIT_MS (100) must not be smaller than DATABASEAI_LLM_RETRY_BASE_MS (500)");
  }
}
