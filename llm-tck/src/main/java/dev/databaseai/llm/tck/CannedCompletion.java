package dev.databaseai.llm.tck;

import dev.databaseai.llm.FinishReason;
import java.util.Objects;

/**
 * What the TCK wants the fake server to answer; a provider's test turns it into its own wire
 * format.
 *
 * @param model the model name the server reports
 * @param text the generated text
 * @param finishReason why generation stopped (map it to the protocol's value, e.g. {@code "stop"})
 * @param promptTokens the prompt tokens the server reports
 * @param completionTokens the completion tokens the server reports
 */
public record CannedCompletion(
    String model, String text, FinishReason finishReason, int promptTokens, int completionTokens) {

  public CannedCompletion {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
  }
}
