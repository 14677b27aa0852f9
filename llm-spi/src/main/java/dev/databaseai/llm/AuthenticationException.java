package dev.databaseai.llm;

/** The server refused the credentials (HTTP 401 or 403): check the API key. */
public class AuthenticationException extends NonRetriableLlmException {

  private static final long serialVersionUID = 1L;

  public AuthenticationException(String message) {
    super(message);
  }

  public AuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}
