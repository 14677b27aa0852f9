package dev.databaseai.llm.vllm;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One entry of a vLLM server's {@code GET /v1/models}.
 *
 * @param id the name to send as {@code model} (the {@code --served-model-name}, or a LoRA adapter's
 *     name)
 * @param maxModelLen the context window in tokens ({@code max_model_len}), when the server reports
 *     it
 * @param parent the base model of a LoRA adapter, empty for a base model
 */
public record ServedModel(String id, OptionalInt maxModelLen, Optional<String> parent) {

  public ServedModel {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(maxModelLen, "maxModelLen");
    Objects.requireNonNull(parent, "parent");
  }
}
