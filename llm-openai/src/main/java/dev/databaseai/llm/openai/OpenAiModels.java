package dev.databaseai.llm.openai;

import java.util.Locale;
import java.util.OptionalInt;

/** What is published about OpenAI models that their API does not report. Stateless. */
final class OpenAiModels {

  private OpenAiModels() {}

  /**
   * The context window OpenAI's model pages state for {@code model}'s family, or empty for models
   * it does not know (other servers' models, new families).
   */
  static OptionalInt contextWindow(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    if (m.startsWith("ft:")) {
      m = m.substring(3);
    }
    if (m.startsWith("gpt-4.1")) {
      return OptionalInt.of(1_047_576);
    }
    if (m.startsWith("gpt-5")) {
      return OptionalInt.of(400_000);
    }
    if (m.startsWith("o1-mini")) {
      return OptionalInt.of(128_000);
    }
    if (m.matches("o[1-9](-.*)?")) {
      return OptionalInt.of(200_000);
    }
    if (m.startsWith("gpt-4o")
        || m.startsWith("chatgpt-4o")
        || m.startsWith("gpt-4-turbo")
        || m.matches("gpt-4-\\d{4}-preview")) {
      return OptionalInt.of(128_000);
    }
    if (m.startsWith("gpt-4-32k")) {
      return OptionalInt.of(32_768);
    }
    if (m.startsWith("gpt-4")) {
      return OptionalInt.of(8_192);
    }
    if (m.startsWith("gpt-3.5-turbo-instruct")) {
      return OptionalInt.of(4_096);
    }
    if (m.startsWith("gpt-3.5-turbo")) {
      return OptionalInt.of(16_385);
    }
    return OptionalInt.empty();
  }

  /**
   * Reasoning models (o-series, GPT-5) take {@code max_completion_tokens} and refuse {@code
   * max_tokens}.
   */
  static boolean wantsMaxCompletionTokens(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    return m.matches("o[1-9](-.*)?") || m.startsWith("gpt-5");
  }
}
