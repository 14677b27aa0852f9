package dev.databaseai.server.api;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Errors the framework answers itself (unknown path, wrong method, body too large, unsupported
 * media type, unexpected failures) in the API's own shape: {@code {"error":{"code","message"}}}.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
final class FrameworkErrors implements JsonErrorResponseBodyProvider<Map<String, Object>> {

  @Override
  public Map<String, Object> body(ErrorContext context, HttpResponse<?> response) {
    int status = response.code();
    String reason = response.getStatus().name();
    String message =
        context.getErrors().stream()
            .map(Error::getMessage)
            .distinct()
            .collect(Collectors.joining("; "));
    if (message.isBlank()) {
      message = response.reason();
    }
    if (status == 404) {
      message =
          "No such endpoint: "
              + context.getRequest().getMethodName()
              + " "
              + context.getRequest().getPath()
              + ". The API is described at /openapi/databaseai-v1.yml.";
    } else if (status == 413) {
      message =
          "The request body is larger than this server accepts (micronaut.server.max-request-size). "
              + message;
    } else if (status >= 500) {
      message =
          "The server failed to answer (see its log for request "
              + RequestIdFilter.id(context.getRequest())
              + "): "
              + message;
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", reason.toUpperCase(Locale.ROOT));
    error.put("message", message);
    return Map.of("error", error);
  }
}
