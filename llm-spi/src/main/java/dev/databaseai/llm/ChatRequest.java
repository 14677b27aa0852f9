package dev.databaseai.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One request to a chat model. Immutable; build with {@link #builder()}.
 *
 * @param messages the conversation, at least one message
 * @param temperature sampling temperature in [0, 2], when set
 * @param maxTokens the most tokens to generate, when set
 * @param stop sequences that end generation
 * @param responseSchema the JSON Schema the answer must follow, when set
 */
public record ChatRequest(
    List<ChatMessage> messages,
    OptionalDouble temperature,
    OptionalInt maxTokens,
    List<String> stop,
    Optional<ResponseSchema> responseSchema) {

  public ChatRequest {
    messages = List.copyOf(messages);
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("a chat request needs at least one message");
    }
    Objects.requireNonNull(temperature, "temperature");
    if (temperature.isPresent()
        && (temperature.getAsDouble() < 0 || temperature.getAsDouble() > 2)) {
      throw new IllegalArgumentException(
          "temperature must be in [0, 2], was " + temperature.getAsDouble());
    }
    Objects.requireNonNull(maxTokens, "maxTokens");
    if (maxTokens.isPresent() && maxTokens.getAsInt() <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens.getAsInt());
    }
    stop = List.copyOf(stop);
    Objects.requireNonNull(responseSchema, "responseSchema");
  }

  /** A request of just these messages. */
  public static ChatRequest of(List<ChatMessage> messages) {
    return builder().messages(messages).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A copy without the response schema (for servers that reject structured output). */
  public ChatRequest withoutResponseSchema() {
    return new ChatRequest(messages, temperature, maxTokens, stop, Optional.empty());
  }

  /** Builds a {@link ChatRequest}. Not thread-safe. */
  public static final class Builder {
    private final List<ChatMessage> messages = new ArrayList<>();
    private OptionalDouble temperature = OptionalDouble.empty();
    private OptionalInt maxTokens = OptionalInt.empty();
    private List<String> stop = List.of();
    private Optional<ResponseSchema> responseSchema = Optional.empty();

    private Builder() {}

    public Builder messages(List<ChatMessage> value) {
      messages.clear();
      messages.addAll(value);
      return this;
    }

    public Builder message(ChatMessage value) {
      messages.add(value);
      return this;
    }

    public Builder temperature(double value) {
      temperature = OptionalDouble.of(value);
      return this;
    }

    public Builder maxTokens(int value) {
      maxTokens = OptionalInt.of(value);
      return this;
    }

    public Builder stop(List<String> value) {
      stop = value;
      return this;
    }

    public Builder responseSchema(ResponseSchema value) {
      responseSchema = Optional.ofNullable(value);
      return this;
    }

    public ChatRequest build() {
      return new ChatRequest(messages, temperature, maxTokens, stop, responseSchema);
    }
  }
}
