package dev.databaseai.server;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A small JSON-over-HTTP client for tests: raw bodies in, status and parsed JSON out. */
final class Http {

  /** A response: status, raw body, and headers. */
  record Reply(int status, String body, java.net.http.HttpHeaders headers, JsonMapper mapper) {

    Map<String, Object> json() {
      try {
        return mapper.readValue(body, Argument.mapOf(String.class, Object.class));
      } catch (IOException e) {
        throw new AssertionError("not JSON (" + status + "): " + body, e);
      }
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> error() {
      return (Map<String, Object>) json().get("error");
    }

    @SuppressWarnings("unchecked")
    <T> T get(String key) {
      return (T) json().get(key);
    }

    @SuppressWarnings("unchecked")
    List<List<Object>> rows() {
      return (List<List<Object>>) json().get("rows");
    }
  }

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .version(HttpClient.Version.HTTP_1_1)
          .build();
  private final String base;
  private final JsonMapper mapper;
  private final String bearer;

  Http(String base, JsonMapper mapper) {
    this(base, mapper, null);
  }

  Http(String base, JsonMapper mapper, String bearer) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.mapper = mapper;
    this.bearer = bearer;
  }

  Http withKey(String key) {
    return new Http(base, mapper, key);
  }

  Reply get(String path) {
    return send(builder(path).GET());
  }

  Reply delete(String path) {
    return send(builder(path).DELETE());
  }

  Reply post(String path, String json) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply post(String path, String json, String accept) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .header("Accept", accept)
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
    }
    return b;
  }

  private Reply send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response.headers(), mapper);
    } catch (IOException e) {
      throw new AssertionError("request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A JSON string literal. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
