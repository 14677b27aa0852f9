package dev.databaseai.llm;

/** A failure that the same request will meet again: fix the request or the configuration. */
public class NonRetriableLlmException extends LlmException {

  private static final long serialVersionUID = 1L;

  public NonRetriableLlmException(String message) {
    this(message, null);
  }

  public NonRetriableLlmException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final boolean isRetriable() {
    return false;
  }
}
