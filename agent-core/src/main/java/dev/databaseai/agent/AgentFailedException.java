package dev.databaseai.agent;

import dev.databaseai.agent.analysis.Diagnosis;
import java.util.List;
import java.util.Optional;

/**
 * The agent found no statement that runs: every attempt of the retry budget failed. Carries the
 * whole trace and the last diagnosis, so a caller can show what was tried.
 */
public final class AgentFailedException extends AgentException {

  private static final long serialVersionUID = 1L;

  private final transient List<Attempt> attempts;
  private final transient Optional<Diagnosis> lastError;

  AgentFailedException(String message, List<Attempt> attempts, Optional<Diagnosis> lastError) {
    super(message, null);
    this.attempts = List.copyOf(attempts);
    this.lastError = lastError;
  }

  /** Every attempt in order. */
  public List<Attempt> attempts() {
    return attempts;
  }

  /** The diagnosis of the last attempt. */
  public Optional<Diagnosis> lastError() {
    return lastError;
  }
}
