package dev.databaseai.llm;

/**
 * The prompt plus the requested completion do not fit the model's context window. The agent shrinks
 * its prompt and tries again.
 */
public class ContextLengthExceededException extends NonRetriableLlmException {

  private static final long serialVersionUID = 1L;

  private final int limit;
  private final int requested;

  /**
   * @param limit the model's context window in tokens, or {@code -1} when the server did not say
   * @param requested the tokens the request needed, or {@code -1} when the server did not say
   */
  public ContextLengthExceededException(String message, int limit, int requested) {
    super(message);
    this.limit = limit;
    this.requested = requested;
  }

  /** The context window in tokens, or {@code -1} when unknown. */
  public int limit() {
    return limit;
  }

  /** The tokens the request needed, or {@code -1} when unknown. */
  public int requested() {
    return requested;
  }
}
