package dev.databaseai.llm;

/** A failure that may pass if the same request is tried again later. */
public class RetriableLlmException extends LlmException {

  private static final long serialVersionUID = 1L;

  public RetriableLlmException(String message) {
    this(message, null);
  }

  public RetriableLlmException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public final boolean isRetriable() {
    return true;
  }
}
