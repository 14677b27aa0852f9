package dev.databaseai.server.api;

import dev.databaseai.server.config.AccessSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * With {@code databaseai.api-keys} set, every {@code /api/**} and {@code /prometheus} request must
 * carry {@code Authorization: Bearer <key>}; keys are compared by digest in constant time. The
 * caller's identity (a fingerprint of the key, never the key) is stored on the request so that a
 * key sees only its own sessions. Without keys every caller is the same anonymous owner.
 */
@ServerFilter({"/api/**", "/prometheus"})
public final class ApiKeyFilter {

  /** Request attribute holding the caller's key fingerprint ({@code ""} when keys are off). */
  public static final String OWNER = "databaseai.owner";

  private final List<byte[]> keyDigests;

  public ApiKeyFilter(AccessSettings access) {
    this.keyDigests = access.apiKeys().stream().map(ApiKeyFilter::sha256).toList();
  }

  /** The caller's owner id as the filter stored it. */
  public static String owner(HttpRequest<?> request) {
    return request.getAttribute(OWNER, String.class).orElse("");
  }

  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    if (keyDigests.isEmpty()) {
      request.setAttribute(OWNER, "");
      return null;
    }
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header == null
        || !header.regionMatches(true, 0, "Bearer ", 0, 7)
        || header.substring(7).isBlank()) {
      return unauthorized(
          "This server requires an API key: send the header 'Authorization: Bearer <key>'.");
    }
    byte[] presented = sha256(header.substring(7).trim());
    boolean match = false;
    for (byte[] digest : keyDigests) {
      match |= MessageDigest.isEqual(digest, presented);
    }
    if (!match) {
      return unauthorized(
          "The API key in the Authorization header is not one of this server's keys.");
    }
    request.setAttribute(OWNER, HexFormat.of().formatHex(presented, 0, 8));
    return null;
  }

  private static HttpResponse<?> unauthorized(String message) {
    return HttpResponse.status(HttpStatus.UNAUTHORIZED)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
        .body(Map.of("error", Map.of("code", "UNAUTHORIZED", "message", message)));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
