package dev.databaseai.llm.tck;

import dev.databaseai.llm.ChatMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * A chat request as the fake server received it, decoded from the provider's wire format by the
 * provider's test so that the TCK can check what was sent.
 *
 * @param model the model named in the request
 * @param messages the conversation, in order
 * @param temperature the sampling temperature, when sent
 * @param maxTokens the completion token limit, when sent
 * @param stop the stop sequences sent (empty when none)
 * @param stream whether the request asked for a streamed answer
 * @param responseSchema the JSON Schema sent for structured output, as JSON text, when sent
 */
public record ObservedRequest(
    String model,
    List<ChatMessage> messages,
    OptionalDouble temperature,
    OptionalInt maxTokens,
    List<String> stop,
    boolean stream,
    Optional<String> responseSchema) {

  public ObservedRequest {
    Objects.requireNonNull(model, "model");
    messages = List.copyOf(messages);
    Objects.requireNonNull(temperature, "temperature");
    Objects.requireNonNull(maxTokens, "maxTokens");
    stop = List.copyOf(stop);
    Objects.requireNonNull(responseSchema, "responseSchema");
  }
}
