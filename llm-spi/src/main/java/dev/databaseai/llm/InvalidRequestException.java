package dev.databaseai.llm;

/** The server refused the request as malformed (HTTP 400, 404 on the endpoint, 422). */
public class InvalidRequestException extends NonRetriableLlmException {

  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message) {
    super(message);
  }

  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
