package dev.databaseai.server.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A JSON-over-HTTP client for the fault, hostile-input and soak tests: raw bytes in, status, time
 * taken and parsed JSON out. Every request has a client-side timeout, so a hanging server fails the
 * test instead of blocking it. Thread-safe.
 */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: status, raw body, how long it took, and its Retry-After header (or null). */
  public record Reply(int status, String body, long elapsedMs, String retryAfter) {

    /** The body as a JSON object. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> json() {
      try {
        return JSON.readValue(body, Map.class);
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    /** The {@code error} object of an error body. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> error() {
      Object error = json().get("error");
      if (!(error instanceof Map)) {
        throw new AssertionError("no error object (" + status + "): " + body);
      }
      return (Map<String, Object>) error;
    }

    /** The rows of a result body. */
    @SuppressWarnings("unchecked")
    public List<List<Object>> rows() {
      return (List<List<Object>>) json().get("rows");
    }

    /** The string field {@code name}. */
    public String text(String name) {
      return String.valueOf(json().get(name));
    }
  }

  private final HttpClient client;
  private final String base;
  private final Duration timeout;

  /** A client for the server at {@code base} whose requests give up after {@code timeout}. */
  public ApiClient(String base, Duration timeout) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  public Reply get(String path) {
    return send(request(path).GET());
  }

  public Reply delete(String path) {
    return send(request(path).DELETE());
  }

  public Reply post(String path, String json) {
    return postBytes(
        path, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/json");
  }

  public Reply postBytes(String path, byte[] body, String contentType) {
    return send(
        request(path)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** POST with an {@code Accept} header, e.g. {@code text/event-stream}; the whole body is read. */
  public Reply post(String path, String json, String accept) {
    return send(
        request(path)
            .header("Content-Type", "application/json")
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /**
   * Whether the server routes {@code /ask}: an unknown session then gets the API's own 404
   * (SESSION_NOT_FOUND) rather than the router's "Page Not Found".
   */
  public boolean askServed() {
    Reply reply = ask("00000000-0000-4000-8000-000000000000", "probe");
    return !reply.body().contains("Page Not Found");
  }

  /** A demo session's id. */
  public String demoSession() {
    return created(post("/api/v1/sessions", "{\"database\":\"demo\"}"));
  }

  /** A session on {@code jdbcUrl}'s database. */
  public String jdbcSession(String jdbcUrl, String username, String password) {
    return created(
        post(
            "/api/v1/sessions",
            "{\"jdbcUrl\":"
                + quote(jdbcUrl)
                + ",\"username\":"
                + quote(username)
                + ",\"password\":"
                + quote(password)
                + "}"));
  }

  private static String created(Reply reply) {
    if (reply.status() != 201) {
      throw new AssertionError("session not created (" + reply.status() + "): " + reply.body());
    }
    return reply.text("sessionId");
  }

  /** POST {@code sql} to the session's /sql. */
  public Reply sql(String session, String sql) {
    return post("/api/v1/sessions/" + session + "/sql", "{\"sql\":" + quote(sql) + "}");
  }

  /** POST {@code question} to the session's /ask. */
  public Reply ask(String session, String question) {
    return post("/api/v1/sessions/" + session + "/ask", "{\"question\":" + quote(question) + "}");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout);
  }

  private Reply send(HttpRequest.Builder request) {
    long started = System.nanoTime();
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(
          response.statusCode(),
          response.body(),
          (System.nanoTime() - started) / 1_000_000,
          response.headers().firstValue("Retry-After").orElse(null));
    } catch (IOException e) {
      throw new AssertionError(
          "request failed after " + (System.nanoTime() - started) / 1_000_000 + " ms: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A JSON string literal for {@code s} (control characters and non-ASCII escaped). */
  public static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
