package dev.databaseai.agent;

/**
 * The agent could not do its work for a reason outside the model's SQL (schema unreadable, no
 * connection).
 */
public class AgentException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}
