package dev.databaseai.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {

  @Test
  void mapsStatusesToTheExceptionFamily() {
    assertThat(HttpErrors.fromStatus("p", 401, "bad key", null))
        .isInstanceOf(AuthenticationException.class);
    assertThat(HttpErrors.fromStatus("p", 403, "", null))
        .isInstanceOf(AuthenticationException.class);
    assertThat(HttpErrors.fromStatus("p", 400, "bad", null))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(HttpErrors.fromStatus("p", 404, "The model `x` does not exist", null))
        .isInstanceOf(ModelNotFoundException.class);
    assertThat(HttpErrors.fromStatus("p", 500, "oops", null))
        .isInstanceOf(ServerErrorException.class);
    assertThat(HttpErrors.fromStatus("p", 503, "", null).isRetriable()).isTrue();
    assertThat(HttpErrors.fromStatus("p", 408, "", null)).isInstanceOf(LlmTimeoutException.class);
    assertThat(HttpErrors.fromStatus("p", 400, "{\"code\":\"context_length_exceeded\"}", null))
        .isInstanceOf(ContextLengthExceededException.class);
    LlmException limited = HttpErrors.fromStatus("p", 429, "slow down", "7");
    assertThat(limited).isInstanceOf(RateLimitedException.class);
    assertThat(((RateLimitedException) limited).retryAfter()).contains(Duration.ofSeconds(7));
  }

  @Test
  void parsesRetryAfterSecondsAndDatesAndIgnoresGarbage() {
    assertThat(HttpErrors.parseRetryAfter("1.5")).contains(Duration.ofMillis(1500));
    assertThat(HttpErrors.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
    assertThat(HttpErrors.parseRetryAfter("soon")).isEmpty();
    assertThat(HttpErrors.parseRetryAfter(null)).isEmpty();
    assertThat(HttpErrors.parseRetryAfter("-3")).isEmpty();
  }

  @Test
  void longBodiesAreCutInMessages() {
    String body = "x".repeat(2000);
    assertThat(HttpErrors.fromStatus("p", 500, body, null).getMessage()).hasSizeLessThan(600);
  }
}
