package dev.databaseai.llm;

/**
 * Base of every failure a {@link ChatModel} reports. Messages name the provider and what to do, and
 * never contain an API key.
 */
public abstract class LlmException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  protected LlmException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same request may succeed if tried again later. */
  public abstract boolean isRetriable();
}
