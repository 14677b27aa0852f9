package dev.databaseai.llm;

/**
 * A provider known only through META-INF/services in test resources; configured by {@code
 * DUMMY_MODEL}.
 */
public class DummyProvider implements LlmProvider {

  private final String id;
  private final int priority;

  public DummyProvider() {
    this("dummy", 0);
  }

  DummyProvider(String id, int priority) {
    this.id = id;
    this.priority = priority;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public boolean isConfigured(LlmConfig config) {
    return config.get("DUMMY_MODEL").isPresent();
  }

  @Override
  public ChatModel create(LlmConfig config) {
    String model = config.require("DUMMY_MODEL", "the model the dummy provider echoes");
    return new ChatModel() {
      @Override
      public String providerId() {
        return id;
      }

      @Override
      public String modelName() {
        return model;
      }

      @Override
      public ChatResponse complete(ChatRequest request) {
        String last = request.messages().get(request.messages().size() - 1).content();
        return new ChatResponse(last, FinishReason.STOP, TokenUsage.NONE, model);
      }
    };
  }
}
