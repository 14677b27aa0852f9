package dev.databaseai.agent;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Per-question settings that override the agent's (for example a request's own {@code maxRetries}
 * and a listener that streams this question's events only).
 *
 * @param maxRetries retries after the first attempt, 0 to 10, when set; else the agent's setting
 * @param listener sees this question's events in addition to the agent's listeners, when set
 */
public record AskOptions(OptionalInt maxRetries, Optional<AgentListener> listener) {

  /** The agent's own settings, no extra listener. */
  public static final AskOptions DEFAULTS = new AskOptions(OptionalInt.empty(), Optional.empty());

  public AskOptions {
    Objects.requireNonNull(maxRetries, "maxRetries");
    Objects.requireNonNull(listener, "listener");
    if (maxRetries.isPresent() && (maxRetries.getAsInt() < 0 || maxRetries.getAsInt() > 10)) {
      throw new IllegalArgumentException(
          "maxRetries must be between 0 and 10, was " + maxRetries.getAsInt());
    }
  }

  /** These options with {@code value} retries. */
  public AskOptions withMaxRetries(int value) {
    return new AskOptions(OptionalInt.of(value), listener);
  }

  /** These options with {@code value} as the question's own listener. */
  public AskOptions withListener(AgentListener value) {
    return new AskOptions(maxRetries, Optional.of(value));
  }
}
