package dev.databaseai.server.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.Map;

/** Turns an {@link ApiException} into its status and {@code {"error": {...}}} body. */
@Produces
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public final class ApiErrors
    implements ExceptionHandler<ApiException, HttpResponse<Map<String, Object>>> {

  @Override
  public HttpResponse<Map<String, Object>> handle(HttpRequest request, ApiException exception) {
    return HttpResponse.<Map<String, Object>>status(exception.status())
        .body(Map.of("error", exception.error()));
  }
}
