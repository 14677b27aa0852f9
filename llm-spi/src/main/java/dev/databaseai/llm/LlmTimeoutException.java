package dev.databaseai.llm;

/** The server did not connect or answer within the configured timeout. */
public class LlmTimeoutException extends RetriableLlmException {

  private static final long serialVersionUID = 1L;

  public LlmTimeoutException(String message) {
    super(message);
  }

  public LlmTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
