package dev.databaseai.llm;

import java.time.Duration;
import java.util.Optional;

/** The server asked to slow down (HTTP 429), possibly saying when to come back. */
public class RateLimitedException extends RetriableLlmException {

  private static final long serialVersionUID = 1L;

  private final transient Optional<Duration> retryAfter;

  public RateLimitedException(String message, Optional<Duration> retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /** The wait the server asked for in its {@code Retry-After} header, if it sent one. */
  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
