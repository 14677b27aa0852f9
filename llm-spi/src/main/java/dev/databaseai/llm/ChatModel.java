package dev.databaseai.llm;

import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A client for one model on one server. Thread-safe: one instance serves concurrent requests.
 * Failures are reported as unchecked {@link LlmException}s; {@link LlmException#isRetriable()} says
 * whether trying again may help (implementations already retry within their configured bounds).
 */
public interface ChatModel extends AutoCloseable {

  /** The provider id this client came from, e.g. {@code openai}. */
  String providerId();

  /** The model name sent to the server, e.g. {@code gpt-4o-mini}. */
  String modelName();

  /**
   * Completes one chat request.
   *
   * @return never null
   * @throws LlmException on any failure, after the client's own bounded retries
   */
  ChatResponse complete(ChatRequest request);

  /**
   * Completes one chat request, passing each piece of text to {@code onToken} as it arrives. The
   * default calls {@link #complete} and passes the whole text once.
   *
   * @return the complete response, as {@link #complete} would
   * @throws LlmException on any failure, including a stream that stops before it is finished
   */
  default ChatResponse stream(ChatRequest request, Consumer<String> onToken) {
    ChatResponse response = complete(request);
    onToken.accept(response.text());
    return response;
  }

  /** What this client can do beyond plain completion. */
  default Set<Capability> capabilities() {
    return Set.of();
  }

  /** The model's context window in tokens, when the server said or the model is known. */
  default OptionalInt contextWindow() {
    return OptionalInt.empty();
  }

  /** Counts tokens the way this model does (exactly, or a documented conservative estimate). */
  default TokenCounter tokenCounter() {
    return TokenCounter.approximate();
  }

  /** Releases connections and threads; the default does nothing. */
  @Override
  default void close() {}
}
