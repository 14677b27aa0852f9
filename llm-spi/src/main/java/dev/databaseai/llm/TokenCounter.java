package dev.databaseai.llm;

import java.util.List;

/** Counts tokens for prompt budgets. Implementations are thread-safe. */
@FunctionalInterface
public interface TokenCounter {

  /** Tokens for each message's role and framing, as OpenAI's chat format counts them. */
  int TOKENS_PER_MESSAGE = 4;

  /** The tokens {@code text} takes; {@code 0} for the empty string. */
  int count(String text);

  /** The tokens a whole conversation takes, including per-message framing. */
  default int count(List<ChatMessage> messages) {
    int total = 3; // every reply is primed with the assistant role
    for (ChatMessage message : messages) {
      total += TOKENS_PER_MESSAGE + count(message.content());
    }
    return total;
  }

  /**
   * A conservative estimate for models whose tokenizer is unknown: one token per three characters,
   * rounded up. BPE tokenizers average about four characters per token on English text and about
   * three on SQL and identifiers, so this over-counts and keeps prompts within budget.
   */
  static TokenCounter approximate() {
    return text -> (text.length() + 2) / 3;
  }
}
