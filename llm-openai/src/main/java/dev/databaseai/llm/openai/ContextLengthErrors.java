package dev.databaseai.llm.openai;

import dev.databaseai.llm.ContextLengthExceededException;
import dev.databaseai.llm.LlmException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the limit and the requested size out of OpenAI's {@code context_length_exceeded} message
 * ("This model's maximum context length is 128000 tokens. However, your messages resulted in 130532
 * tokens. Please reduce the length of the messages.", or "… However, you requested 9224 tokens
 * (1224 in the messages, 8000 in the completion)…"). Stateless.
 */
public final class ContextLengthErrors {

  private static final Pattern LIMIT = Pattern.compile("maximum context length is (\\d+) tokens");
  private static final Pattern REQUESTED =
      Pattern.compile("(?:resulted in|you requested) (\\d+) tokens");

  private ContextLengthErrors() {}

  /** An {@link OpenAiClient.ErrorHook} that adds the numbers to OpenAI's context-length errors. */
  public static OpenAiClient.ErrorHook openAi() {
    return (mapped, status, message) -> {
      if (!(mapped instanceof ContextLengthExceededException) && status != 400) {
        return mapped;
      }
      Matcher limit = LIMIT.matcher(message);
      if (!limit.find()) {
        return mapped;
      }
      Matcher requested = REQUESTED.matcher(message);
      int asked = requested.find() ? Integer.parseInt(requested.group(1)) : -1;
      return withNumbers(mapped, Integer.parseInt(limit.group(1)), asked);
    };
  }

  /**
   * A {@link ContextLengthExceededException} with {@code limit} and {@code requested}, keeping the
   * message the shared mapping wrote.
   */
  public static LlmException withNumbers(LlmException mapped, int limit, int requested) {
    String base = mapped.getMessage();
    return new ContextLengthExceededException(
        base
            + " [limit "
            + limit
            + " tokens, requested "
            + (requested < 0 ? "unknown" : requested + " tokens")
            + "; shorten the prompt or lower maxTokens]",
        limit,
        requested);
  }
}
