package dev.databaseai.server.ask;

import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;

/**
 * Lets {@code /context} show what a model would see when no model is configured: it counts tokens
 * with the approximate counter and refuses to complete anything.
 */
final class CountingOnlyModel implements ChatModel {

  @Override
  public String providerId() {
    return "none";
  }

  @Override
  public String modelName() {
    return "none";
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    throw new IllegalStateException("no LLM is configured; only the context preview is available");
  }
}
