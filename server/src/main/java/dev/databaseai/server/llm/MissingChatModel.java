package dev.databaseai.server.llm;

import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.InvalidConfigurationException;

/**
 * Stands in for the chat model when no LLM is configured, so that what needs no model still works
 * (the CLI's {@code sql} and {@code schema}, the server's {@code /context} preview, which counts
 * tokens with the default approximate counter); completing anything fails with what to set.
 */
public final class MissingChatModel implements ChatModel {

  /** What to set to configure an LLM. */
  public static final String WHAT_TO_SET =
      "No LLM is configured. Set OPENAI_API_KEY (with OPENAI_BASE_URL and OPENAI_MODEL for another "
          + "OpenAI-compatible server), VLLM_BASE_URL, or OLLAMA_HOST with OLLAMA_MODEL; "
          + "DATABASEAI_LLM_PROVIDER picks one when several are set.";

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
    throw new InvalidConfigurationException(WHAT_TO_SET);
  }
}
