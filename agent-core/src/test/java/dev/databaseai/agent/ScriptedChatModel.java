package dev.databaseai.agent;

import dev.databaseai.llm.Capability;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.FinishReason;
import dev.databaseai.llm.TokenCounter;
import dev.databaseai.llm.TokenUsage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * An in-process chat model for tests: answers each request with the next scripted step (a text, or
 * a function of the request that may throw like a real provider would) and records every request.
 * Thread-safe.
 */
final class ScriptedChatModel implements ChatModel {

  private final Deque<Function<ChatRequest, String>> steps = new ArrayDeque<>();
  private final List<ChatRequest> requests = new ArrayList<>();
  private final Set<Capability> capabilities;
  private final OptionalInt contextWindow;

  ScriptedChatModel(Set<Capability> capabilities, OptionalInt contextWindow) {
    this.capabilities = Set.copyOf(capabilities);
    this.contextWindow = contextWindow;
  }

  static ScriptedChatModel answering(String... answers) {
    ScriptedChatModel model = new ScriptedChatModel(Set.of(), OptionalInt.empty());
    for (String answer : answers) {
      model.then(answer);
    }
    return model;
  }

  synchronized ScriptedChatModel then(String answer) {
    steps.addLast(request -> answer);
    return this;
  }

  synchronized ScriptedChatModel then(Function<ChatRequest, String> step) {
    steps.addLast(step);
    return this;
  }

  synchronized List<ChatRequest> requests() {
    return List.copyOf(requests);
  }

  int tokens(ChatRequest request) {
    return tokenCounter().count(request.messages());
  }

  /** Every message of request {@code index} joined, for assertions on what the model saw. */
  String text(int index) {
    StringBuilder out = new StringBuilder();
    requests()
        .get(index)
        .messages()
        .forEach(m -> out.append(m.role()).append(": ").append(m.content()).append('\n'));
    return out.toString();
  }

  @Override
  public String providerId() {
    return "scripted";
  }

  @Override
  public String modelName() {
    return "scripted-1";
  }

  @Override
  public ChatResponse complete(ChatRequest request) {
    Function<ChatRequest, String> step;
    synchronized (this) {
      requests.add(request);
      step = steps.pollFirst();
    }
    if (step == null) {
      throw new AssertionError("the script has no answer left for request " + requests().size());
    }
    String text = step.apply(request);
    return new ChatResponse(
        text,
        FinishReason.STOP,
        new TokenUsage(tokens(request), tokenCounter().count(text)),
        modelName());
  }

  @Override
  public Set<Capability> capabilities() {
    return capabilities;
  }

  @Override
  public OptionalInt contextWindow() {
    return contextWindow;
  }

  @Override
  public TokenCounter tokenCounter() {
    return TokenCounter.approximate();
  }
}
