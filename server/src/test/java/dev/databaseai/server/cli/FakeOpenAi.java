package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A local HTTP server speaking OpenAI's Chat Completions protocol ({@code POST
 * /v1/chat/completions}, {@code GET /v1/models}) that answers each question with scripted SQL: the
 * n-th request about a question gets its n-th reply (the last one repeats). A question is
 * recognised by its text anywhere in the request's messages. Replies use a ```sql fence, or {@code
 * {"sql": …}} when the request asks for structured output.
 */
public final class FakeOpenAi implements AutoCloseable {

  public static final String MODEL = "fake-sql-model";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MockWebServer server = new MockWebServer();
  private final Map<String, List<String>> replies = new LinkedHashMap<>();
  private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();

  public FakeOpenAi() throws IOException {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
    server.start();
  }

  /** Scripts the replies to {@code question}, in order. */
  public synchronized FakeOpenAi on(String question, String... sql) {
    replies.put(question, List.of(sql));
    return this;
  }

  /** The base URL up to and including {@code /v1}, as OPENAI_BASE_URL wants it. */
  public String baseUrl() {
    return server.url("/v1").toString();
  }

  /** Chat completion requests served so far. */
  public int requests() {
    return requests.get();
  }

  /** The environment that points the OpenAI provider at this server. */
  public Map<String, String> environment() {
    return Map.of(
        "DATABASEAI_LLM_PROVIDER",
        "openai",
        "OPENAI_API_KEY",
        "sk-test-fake",
        "OPENAI_BASE_URL",
        baseUrl(),
        "OPENAI_MODEL",
        MODEL);
  }

  private MockResponse answer(RecordedRequest request) {
    String path = request.getUrl().encodedPath();
    if (path.endsWith("/models")) {
      return json(
          200,
          "{\"object\":\"list\",\"data\":[{\"id\":\""
              + MODEL
              + "\",\"object\":\"model\",\"owned_by\":\"test\"}]}");
    }
    if (!path.endsWith("/chat/completions")) {
      return json(
          404,
          "{\"error\":{\"message\":\"no route " + path + "\",\"type\":\"invalid_request_error\"}}");
    }
    requests.incrementAndGet();
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody().utf8());
    } catch (IOException e) {
      return json(400, "{\"error\":{\"message\":\"bad json\",\"type\":\"invalid_request_error\"}}");
    }
    // The question being asked is in the last user message; earlier turns may name other questions.
    String lastUser = "";
    StringBuilder conversation = new StringBuilder();
    for (JsonNode m : body.path("messages")) {
      conversation.append(m.path("content").asText()).append('\n');
      if ("user".equals(m.path("role").asText())) {
        lastUser = m.path("content").asText();
      }
    }
    String sql = null;
    synchronized (this) {
      String key = null;
      for (String question : replies.keySet()) {
        if (lastUser.contains(question)) {
          key = question;
        }
      }
      for (String question : replies.keySet()) {
        if (key == null && conversation.indexOf(question) >= 0) {
          key = question;
        }
      }
      for (Map.Entry<String, List<String>> e : replies.entrySet()) {
        if (e.getKey().equals(key)) {
          int n = asked.computeIfAbsent(e.getKey(), k -> new AtomicInteger()).getAndIncrement();
          List<String> script = e.getValue();
          sql = script.get(Math.min(n, script.size() - 1));
          break;
        }
      }
    }
    String content;
    if (sql == null) {
      content = "I cannot answer that question.";
    } else if (body.has("response_format")) {
      content = JSON.createObjectNode().put("sql", sql).toString();
    } else {
      content = "```sql\n" + sql + "\n```";
    }
    ObjectNode reply = JSON.createObjectNode();
    reply.put("id", "chatcmpl-" + requests.get());
    reply.put("object", "chat.completion");
    reply.put("created", 1_790_000_000L);
    reply.put("model", MODEL);
    ObjectNode choice = reply.putArray("choices").addObject();
    choice.put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", content);
    choice.put("finish_reason", "stop");
    reply
        .putObject("usage")
        .put("prompt_tokens", 420)
        .put("completion_tokens", 40)
        .put("total_tokens", 460);
    return json(200, reply.toString());
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /** The questions scripted so far (for messages). */
  public synchronized List<String> questions() {
    return new ArrayList<>(replies.keySet());
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
