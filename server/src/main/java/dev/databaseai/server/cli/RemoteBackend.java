package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Runs the CLI's commands on a DatabaseAI server through the v1 HTTP API: one session per backend,
 * deleted on {@link #close()}. Questions use the Server-Sent Events stream so that progress shows
 * while the model works.
 */
public final class RemoteBackend implements Backend {

  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final HttpUrl base;
  private final Optional<String> apiKey;
  private final ObjectNode sessionRequest;
  private final String dialect;
  private String sessionId;

  private RemoteBackend(
      OkHttpClient http,
      HttpUrl base,
      Optional<String> apiKey,
      ObjectNode sessionRequest,
      String sessionId,
      String dialect) {
    this.http = http;
    this.base = base;
    this.apiKey = apiKey;
    this.sessionRequest = sessionRequest;
    this.sessionId = sessionId;
    this.dialect = dialect;
  }

  /**
   * Opens a session on the server at {@code serverUrl}.
   *
   * @param session {@code {"database":"demo"}} or {@code {"jdbcUrl","username","password"}}
   * @param apiKey sent as {@code Authorization: Bearer …} when present
   * @throws CliException naming the URL when the server cannot be reached or refuses the session
   */
  public static RemoteBackend open(String serverUrl, ObjectNode session, Optional<String> apiKey) {
    HttpUrl base = HttpUrl.parse(serverUrl.endsWith("/") ? serverUrl : serverUrl + "/");
    if (base == null) {
      throw new CliException(
          ExitCodes.USAGE,
          "--server '" + serverUrl + "' is not an http(s) URL, e.g. http://localhost:8080");
    }
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofMinutes(5))
            .build();
    JsonNode created = createSession(http, base, apiKey, session);
    return new RemoteBackend(
        http,
        base,
        apiKey,
        session.deepCopy(),
        created.path("sessionId").asText(),
        created.path("dialect").asText(""));
  }

  private static JsonNode createSession(
      OkHttpClient http, HttpUrl base, Optional<String> apiKey, ObjectNode session) {
    JsonNode created =
        call(http, base, apiKey, "POST", "api/v1/sessions", session, "open a session");
    if (created.path("sessionId").asText("").isEmpty()) {
      throw new CliException(
          ExitCodes.QUERY_FAILED, "The server at " + base + " answered without a sessionId.");
    }
    return created;
  }

  /** The server keeps a conversation per session: a new conversation is a new session. */
  @Override
  public void newConversation() {
    deleteSession();
    sessionId = createSession(http, base, apiKey, sessionRequest).path("sessionId").asText();
  }

  @Override
  public String dialect() {
    return dialect;
  }

  @Override
  public SqlOutcome sql(String sql) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("sql", sql);
    try (Response response = execute(post(path("sql"), body, "application/json"), "run the SQL")) {
      JsonNode json = readJson(response);
      if (response.isSuccessful()) {
        return SqlOutcome.ok(Json.readResult(json));
      }
      // 422/403: the database or the guard refused the SQL; 503 with a category: unreachable
      if (response.code() == 422
          || response.code() == 403
          || (response.code() == 503 && json.path("error").has("category"))) {
        return SqlOutcome.failed(Json.readError(json));
      }
      throw failure(response.code(), json, "run the SQL");
    }
  }

  @Override
  public JsonNode schema() {
    return call(http, base, apiKey, "GET", path("schema"), null, "read the schema");
  }

  @Override
  public AskOutcome ask(String question, Progress progress) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("question", question);
    try (Response response =
        execute(post(path("ask"), body, "text/event-stream"), "ask the question")) {
      String type = response.header("Content-Type", "");
      if (!response.isSuccessful()
          || !type.toLowerCase(Locale.ROOT).contains("text/event-stream")) {
        JsonNode json = readJson(response);
        if (!response.isSuccessful()) {
          return traced(json).orElseThrow(() -> failure(response.code(), json, "ask the question"));
        }
        return Json.readAnswer(json);
      }
      return readStream(response.body().source(), progress);
    } catch (IOException e) {
      throw unreachable(e, "ask the question");
    }
  }

  /** Reads SSE frames until the answer arrives; every frame becomes a progress step. */
  private AskOutcome readStream(BufferedSource source, Progress progress) throws IOException {
    String event = "message";
    List<String> data = new ArrayList<>();
    JsonNode answer = null;
    JsonNode failure = null;
    String line;
    while ((line = source.readUtf8Line()) != null) {
      if (line.isEmpty()) {
        if (!data.isEmpty()) {
          JsonNode node = parse(String.join("\n", data));
          String step = StreamSteps.describe(event, node);
          if (!step.isEmpty()) {
            progress.step(step);
          }
          if (StreamSteps.isAnswer(node)) {
            answer = node.has("answer") ? node.get("answer") : node;
          } else if ((event.equals("failed") || event.equals("error"))
              && node.has("error")
              && !node.has("sql")) {
            failure = node;
          }
        }
        event = "message";
        data.clear();
      } else if (line.startsWith("event:")) {
        event = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        data.add(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
      }
    }
    if (answer != null) {
      return Json.readAnswer(answer);
    }
    if (failure != null) {
      JsonNode failed = failure;
      return traced(failed)
          .orElseThrow(() -> failure(failed.path("status").asInt(503), failed, "ask the question"));
    }
    throw new CliException(
        ExitCodes.QUERY_FAILED,
        "The server at " + base + " closed the stream before the answer arrived.");
  }

  /**
   * When no statement worked the server still sends the attempts ({@code {"error": {"code":
   * "NO_WORKING_SQL", "attempts": […]}}}): an answer without a result.
   */
  private static Optional<AskOutcome> traced(JsonNode body) {
    JsonNode attempts = body.path("error").path("attempts");
    if (!attempts.isArray() || attempts.isEmpty()) {
      return Optional.empty();
    }
    com.fasterxml.jackson.databind.node.ObjectNode answer = Json.MAPPER.createObjectNode();
    answer.put("sql", attempts.get(attempts.size() - 1).path("sql").asText(""));
    answer.set("attempts", attempts);
    return Optional.of(Json.readAnswer(answer));
  }

  @Override
  public void close() {
    deleteSession();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  private void deleteSession() {
    try (Response ignored = http.newCall(request(path("")).delete().build()).execute()) {
      // best effort: the session also expires on its own
    } catch (IOException | RuntimeException e) {
      // the server may already be gone
    }
  }

  private String path(String leaf) {
    return "api/v1/sessions/" + sessionId + (leaf.isEmpty() ? "" : "/" + leaf);
  }

  private Request post(String path, JsonNode body, String accept) {
    return request(path)
        .header("Accept", accept)
        .post(RequestBody.create(body.toString(), JSON))
        .build();
  }

  private Request.Builder request(String path) {
    return request(base, apiKey, path);
  }

  private static Request.Builder request(HttpUrl base, Optional<String> apiKey, String path) {
    Request.Builder builder = new Request.Builder().url(base.resolve(path));
    apiKey.ifPresent(k -> builder.header("Authorization", "Bearer " + k));
    return builder;
  }

  private Response execute(Request request, String what) {
    try {
      return http.newCall(request).execute();
    } catch (IOException e) {
      throw unreachable(e, what);
    }
  }

  private CliException unreachable(IOException e, String what) {
    return unreachable(base, e, what);
  }

  private static CliException unreachable(HttpUrl base, IOException e, String what) {
    return new CliException(
        ExitCodes.QUERY_FAILED,
        "Cannot "
            + what
            + ": the DatabaseAI server at "
            + base
            + " did not answer ("
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage())
            + "). Start it with 'java -jar databaseai-server.jar serve' or check --server.",
        e);
  }

  private static JsonNode call(
      OkHttpClient http,
      HttpUrl base,
      Optional<String> apiKey,
      String method,
      String path,
      JsonNode body,
      String what) {
    Request.Builder builder = request(base, apiKey, path).header("Accept", "application/json");
    builder.method(method, body == null ? null : RequestBody.create(body.toString(), JSON));
    try (Response response = http.newCall(builder.build()).execute()) {
      JsonNode json = readJson(response);
      if (!response.isSuccessful()) {
        throw failure(response.code(), json, what);
      }
      return json;
    } catch (IOException e) {
      throw unreachable(base, e, what);
    }
  }

  private static JsonNode readJson(Response response) {
    try {
      String text = response.body().string();
      return text.isBlank() ? Json.MAPPER.createObjectNode() : parse(text);
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode();
    }
  }

  private static JsonNode parse(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      return Json.MAPPER.createObjectNode().put("message", text.lines().findFirst().orElse(""));
    }
  }

  private static CliException failure(int status, JsonNode json, String what) {
    QueryError error = Json.readError(json);
    String message = error.message().isBlank() ? "HTTP " + status : error.message();
    if (status == 404) {
      return new CliException(
          ExitCodes.QUERY_FAILED,
          "Cannot " + what + ": the session expired or does not exist (" + message + ").");
    }
    if (status == 401 || status == 403) {
      return new CliException(
          ExitCodes.QUERY_FAILED,
          "Cannot "
              + what
              + ": the server refused the request ("
              + message
              + "). Pass --api-key or set DATABASEAI_API_KEY.");
    }
    if (status == 400) {
      return new CliException(ExitCodes.USAGE, "Cannot " + what + ": " + message);
    }
    return new CliException(
        ExitCodes.QUERY_FAILED, "Cannot " + what + ": " + message + hintSuffix(error));
  }

  private static String hintSuffix(QueryError error) {
    return error.hint().isBlank() ? "" : " " + error.hint();
  }
}
