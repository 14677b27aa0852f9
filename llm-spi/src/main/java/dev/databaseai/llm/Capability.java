package dev.databaseai.llm;

/** Optional abilities of a {@link ChatModel}. */
public enum Capability {
  /** {@link ChatModel#stream} delivers text as it is generated. */
  STREAMING,
  /** A {@link ChatRequest#responseSchema()} constrains the answer to JSON of that schema. */
  STRUCTURED_OUTPUT,
  /** {@link ChatModel#tokenCounter()} counts exactly as the model does. */
  EXACT_TOKEN_COUNT
}
