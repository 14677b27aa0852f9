package dev.databaseai.llm;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one mapping from an HTTP failure to the {@link LlmException} family, shared by every provider
 * so that all behave alike. Stateless.
 */
public final class HttpErrors {

  private static final int MAX_BODY_IN_MESSAGE = 500;

  private HttpErrors() {}

  /**
   * The exception for a non-2xx answer.
   *
   * @param provider the provider id, for the message
   * @param status the HTTP status code
   * @param body the response body (may be empty; trimmed to 500 characters in the message)
   * @param retryAfterHeader the {@code Retry-After} header value, or null
   * @return 401/403 → {@link AuthenticationException}; 429 → {@link RateLimitedException}; 408 →
   *     {@link LlmTimeoutException}; 404 naming a model → {@link ModelNotFoundException}; a body
   *     that says the context length is exceeded → {@link ContextLengthExceededException}; other
   *     4xx → {@link InvalidRequestException}; 5xx and anything else → {@link ServerErrorException}
   */
  public static LlmException fromStatus(
      String provider, int status, String body, String retryAfterHeader) {
    String shown = abbreviate(body == null ? "" : body.strip());
    String lower = shown.toLowerCase(Locale.ROOT);
    String prefix = provider + " answered HTTP " + status;
    if (status == 401 || status == 403) {
      return new AuthenticationException(
          prefix
              + ": the credentials were refused; check the API key setting. Server said: "
              + shown);
    }
    if (status == 429) {
      return new RateLimitedException(
          prefix + ": rate limited. Server said: " + shown, parseRetryAfter(retryAfterHeader));
    }
    if (status == 408) {
      return new LlmTimeoutException(prefix + ": the server timed out the request");
    }
    if (lower.contains("context length") || lower.contains("context_length_exceeded")) {
      return new ContextLengthExceededException(prefix + ": " + shown, -1, -1);
    }
    if (status == 404 && lower.contains("model")) {
      return new ModelNotFoundException(prefix + ": model not found. Server said: " + shown);
    }
    if (status >= 400 && status < 500) {
      return new InvalidRequestException(
          prefix + ": the request was refused. Server said: " + shown);
    }
    return new ServerErrorException(prefix + ". Server said: " + shown);
  }

  /**
   * A {@code Retry-After} value in seconds or as an HTTP date, as a non-negative duration; empty
   * when absent or unreadable.
   */
  public static Optional<Duration> parseRetryAfter(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.trim();
    try {
      double seconds = Double.parseDouble(value);
      return seconds < 0
          ? Optional.empty()
          : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static String abbreviate(String body) {
    return body.length() <= MAX_BODY_IN_MESSAGE
        ? body
        : body.substring(0, MAX_BODY_IN_MESSAGE) + "…";
  }
}
