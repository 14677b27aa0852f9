package dev.databaseai.llm;

import java.util.Objects;

/**
 * A model's answer.
 *
 * @param text the generated text (may be empty, never null)
 * @param finishReason why generation stopped
 * @param usage token accounting as the server reported it (zeros when it did not)
 * @param model the model that answered, as the server named it
 */
public record ChatResponse(String text, FinishReason finishReason, TokenUsage usage, String model) {

  public ChatResponse {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(usage, "usage");
    model = model == null ? "" : model;
  }
}
