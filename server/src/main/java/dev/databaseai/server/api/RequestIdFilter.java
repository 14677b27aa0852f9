package dev.databaseai.server.api;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} when it is a short token, else a new
 * one), puts it in the logging MDC as {@code requestId} for every thread that serves the request,
 * returns it in the {@code X-Request-Id} response header, and logs one line per API request with
 * method, path (session ids shortened), status and time.
 */
@ServerFilter("/**")
public final class RequestIdFilter implements Ordered {

  /** Header carrying the request id in both directions. */
  public static final String HEADER = "X-Request-Id";

  private static final Logger LOG = LoggerFactory.getLogger("dev.databaseai.server.access");
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern SESSION_ID =
      Pattern.compile("([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final String STARTED = "databaseai.started";
  private static final String ID = "databaseai.requestId";

  /** The id this filter gave {@code request}, or {@code "-"}. */
  public static String id(io.micronaut.http.HttpRequest<?> request) {
    return request.getAttribute(ID, String.class).orElse("-");
  }

  @RequestFilter
  public void assign(HttpRequest<?> request, MutablePropagatedContext context) {
    String given = request.getHeaders().get(HEADER);
    String id = given != null && SAFE_ID.matcher(given).matches() ? given : newId();
    request.setAttribute(ID, id);
    request.setAttribute(STARTED, System.nanoTime());
    context.add(new MdcPropagationContext(Map.of("requestId", id)));
  }

  @ResponseFilter
  public void record(HttpRequest<?> request, MutableHttpResponse<?> response) {
    String id = request.getAttribute(ID, String.class).orElse("-");
    response.header(HEADER, id);
    if (LOG.isInfoEnabled() && request.getPath().startsWith("/api/")) {
      long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
      LOG.info(
          "[{}] {} {} -> {} ({} ms)",
          id,
          request.getMethodName(),
          SESSION_ID.matcher(request.getPath()).replaceAll("$1…"),
          response.code(),
          (System.nanoTime() - started) / 1_000_000);
    }
  }

  /**
   * A new id such as {@code 4e6b384c-9035}: 48 random bits from {@link ThreadLocalRandom}. It
   * correlates log lines and is no secret, so it needs no {@code SecureRandom} (whose shared lock
   * every request would otherwise take).
   */
  public static String newId() {
    String hex = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    return hex.substring(0, 8) + '-' + hex.substring(8, 12);
  }

  /** Runs first so that later filters and the controller log with the id. */
  @Override
  public int getOrder() {
    return ServerFilterPhase.FIRST.order();
  }
}
