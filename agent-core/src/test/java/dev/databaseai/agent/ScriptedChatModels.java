package dev.databaseai.agent;

import dev.databaseai.llm.ChatModel;

/** Access to the scripted test model for tests in other packages. */
public final class ScriptedChatModels {

  private ScriptedChatModels() {}

  /** A chat model that answers with {@code answers} in order. */
  public static ChatModel answering(String... answers) {
    return ScriptedChatModel.answering(answers);
  }
}
