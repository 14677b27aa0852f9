package dev.databaseai.llm;

/** The server does not serve the requested model. */
public class ModelNotFoundException extends NonRetriableLlmException {

  private static final long serialVersionUID = 1L;

  public ModelNotFoundException(String message) {
    super(message);
  }

  public ModelNotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
