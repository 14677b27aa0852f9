package dev.databaseai.llm;

/**
 * Tokens a request consumed.
 *
 * @param promptTokens tokens of the input, ≥ 0
 * @param completionTokens tokens generated, ≥ 0
 */
public record TokenUsage(int promptTokens, int completionTokens) {

  /** Nothing reported. */
  public static final TokenUsage NONE = new TokenUsage(0, 0);

  public TokenUsage {
    if (promptTokens < 0 || completionTokens < 0) {
      throw new IllegalArgumentException("token counts must not be negative");
    }
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
