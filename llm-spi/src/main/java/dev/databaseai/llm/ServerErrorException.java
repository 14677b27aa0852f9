package dev.databaseai.llm;

/** The server failed (HTTP 5xx), could not be reached, or sent a malformed or truncated answer. */
public class ServerErrorException extends RetriableLlmException {

  private static final long serialVersionUID = 1L;

  public ServerErrorException(String message) {
    super(message);
  }

  public ServerErrorException(String message, Throwable cause) {
    super(message, cause);
  }
}
