package dev.databaseai.server.api;

import io.micronaut.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure with its HTTP status and the body {@code {"error": {"code", "message", …}}} a client
 * sees. The message must say what was wrong and how to fix it, and must never carry a secret.
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final transient Map<String, Object> error;

  /** An error with a stable {@code code} and a message a person can act on. */
  public ApiException(HttpStatus status, String code, String message) {
    this(status, Map.of("code", code, "message", message));
  }

  /**
   * An error whose body fields are given in full ({@code code} or {@code category}, {@code
   * message}, …).
   */
  public ApiException(HttpStatus status, Map<String, Object> error) {
    super(String.valueOf(error.get("message")));
    this.status = Objects.requireNonNull(status, "status");
    this.error = new LinkedHashMap<>(error);
  }

  /** 400: the request names a bad or missing {@code field}. */
  public static ApiException badRequest(String field, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", "BAD_REQUEST");
    error.put("message", message);
    if (field != null) {
      error.put("field", field);
    }
    return new ApiException(HttpStatus.BAD_REQUEST, error);
  }

  public HttpStatus status() {
    return status;
  }

  /** The content of the {@code error} member of the response body. */
  public Map<String, Object> error() {
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(error));
  }
}
