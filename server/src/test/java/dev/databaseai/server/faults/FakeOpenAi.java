package dev.databaseai.server.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local HTTP server speaking OpenAI Chat Completions (non-streaming JSON and SSE streaming) that
 * plays the model in server tests. Its behaviour is switched at run time: a fixed SQL answer, an
 * HTTP status, garbage, a stall before the headers, or a stream that stops mid-way. Thread-safe.
 */
public final class FakeOpenAi implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger chatRequests = new AtomicInteger();
  private volatile Function<Boolean, MockResponse> behaviour =
      streaming -> answer("SELECT 1", streaming);

  public FakeOpenAi() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            // MockWebServer keeps every request for takeRequest(); nobody takes them here, so drop
            // them, or a long soak measures the mock's memory instead of the server's.
            while (server.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
              // drained
            }
            String path = request.getUrl().encodedPath();
            if (path.endsWith("/models")) {
              return json(
                  200,
                  "{\"object\":\"list\",\"data\":[{\"id\":\"fake-sql\",\"object\":\"model\",\"owned_by\":\"test\"}]}");
            }
            chatRequests.incrementAndGet();
            boolean streaming =
                request.getBody() != null
                    && request.getBody().utf8().matches("(?s).*\"stream\"\\s*:\\s*true.*");
            return behaviour.apply(streaming);
          }
        });
    server.start();
  }

  /** The base URL to configure as OPENAI_BASE_URL (ends with /v1). */
  public String baseUrl() {
    String url = server.url("/v1").toString();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** Chat completion requests received so far. */
  public int chatRequests() {
    return chatRequests.get();
  }

  /** The model proposes {@code sql} for every question. */
  public void answers(String sql) {
    behaviour = streaming -> answer(sql, streaming);
  }

  /** The model proposes {@code sql.apply(n)} on the n-th chat request (0-based). */
  public void answers(Function<Integer, String> sql) {
    AtomicInteger n = new AtomicInteger();
    behaviour = streaming -> answer(sql.apply(n.getAndIncrement()), streaming);
  }

  /** Every chat request gets HTTP {@code status} with an OpenAI error body. */
  public void failsWith(int status) {
    behaviour =
        streaming ->
            json(
                status,
                "{\"error\":{\"message\":\"The server had an error while processing your request.\","
                    + "\"type\":\"server_error\",\"code\":null}}");
  }

  /** Every chat request gets a 200 whose body is not JSON. */
  public void returnsGarbage() {
    behaviour =
        streaming ->
            new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("<html>502 Bad Gateway</html>\u0000\u00ff{{{")
                .build();
  }

  /** Every chat request waits {@code millis} before any header: a model that does not answer. */
  public void stalls(long millis) {
    behaviour =
        streaming ->
            new MockResponse.Builder()
                .headersDelay(millis, TimeUnit.MILLISECONDS)
                .addHeader("Content-Type", "application/json")
                .body(completion("SELECT 1"))
                .build();
  }

  /**
   * Streams the first part of an answer, then stalls for {@code millis} before the rest
   * (non-streaming requests get the same body throttled: headers, a few bytes, then nothing for
   * {@code millis}).
   */
  public void stallsMidStream(String sql, long millis) {
    behaviour =
        streaming -> {
          String body = streaming ? sse(sql) : completion(sql);
          return new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", streaming ? "text/event-stream" : "application/json")
              .body(body)
              .throttleBody(Math.max(1, body.length() / 3), millis, TimeUnit.MILLISECONDS)
              .build();
        };
  }

  private static MockResponse answer(String sql, boolean streaming) {
    if (streaming) {
      return new MockResponse.Builder()
          .code(200)
          .addHeader("Content-Type", "text/event-stream")
          .body(sse(sql))
          .build();
    }
    return json(200, completion(sql));
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static String completion(String sql) {
    return write(
        Map.of(
            "id",
            "chatcmpl-fake",
            "object",
            "chat.completion",
            "created",
            1_764_000_000,
            "model",
            "fake-sql",
            "choices",
            java.util.List.of(
                Map.of(
                    "index",
                    0,
                    "message",
                    Map.of("role", "assistant", "content", "```sql\n" + sql + "\n```"),
                    "finish_reason",
                    "stop")),
            "usage",
            Map.of("prompt_tokens", 120, "completion_tokens", 20, "total_tokens", 140)));
  }

  private static String sse(String sql) {
    String content = "```sql\n" + sql + "\n```";
    StringBuilder out = new StringBuilder();
    int step = Math.max(1, content.length() / 4);
    for (int i = 0; i < content.length(); i += step) {
      String piece = content.substring(i, Math.min(content.length(), i + step));
      out.append("data: ")
          .append(
              write(
                  Map.of(
                      "id", "chatcmpl-fake",
                      "object", "chat.completion.chunk",
                      "created", 1_764_000_000,
                      "model", "fake-sql",
                      "choices",
                          java.util.List.of(
                              Map.of("index", 0, "delta", Map.of("content", piece))))))
          .append("\n\n");
    }
    out.append("data: ")
        .append(
            write(
                Map.of(
                    "id",
                    "chatcmpl-fake",
                    "object",
                    "chat.completion.chunk",
                    "created",
                    1_764_000_000,
                    "model",
                    "fake-sql",
                    "choices",
                    java.util.List.of(
                        Map.of("index", 0, "delta", Map.of(), "finish_reason", "stop")),
                    "usage",
                    Map.of("prompt_tokens", 120, "completion_tokens", 20, "total_tokens", 140))))
        .append("\n\ndata: [DONE]\n\n");
    return out.toString();
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
