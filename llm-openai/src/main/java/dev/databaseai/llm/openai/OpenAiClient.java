package dev.databaseai.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.databaseai.llm.AuthenticationException;
import dev.databaseai.llm.HttpErrors;
import dev.databaseai.llm.InvalidConfigurationException;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmException;
import dev.databaseai.llm.LlmTimeoutException;
import dev.databaseai.llm.RetriableLlmException;
import dev.databaseai.llm.RetryPolicy;
import dev.databaseai.llm.ServerErrorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP client for OpenAI-style JSON endpoints ({@code /chat/completions}, {@code /models}) with
 * bounded retries ({@link RetryPolicy}), timeouts, Server-Sent-Events streaming and the shared
 * status mapping ({@link HttpErrors#fromStatus}). Providers for OpenAI-compatible servers (vLLM…)
 * reuse it and adjust it through {@link ErrorHook}. Thread-safe; close it to release connections.
 *
 * <p>The API key is sent only as a bearer token; it is removed from every server text that could
 * reach a message, and it appears in no log line and no {@code toString()}. Request bodies (the
 * prompts) are logged at DEBUG only.
 */
public final class OpenAiClient implements AutoCloseable {

  /** The one JSON mapper: thread-safe once configured. */
  static final ObjectMapper JSON = new ObjectMapper();

  private static final Logger LOG = LoggerFactory.getLogger(OpenAiClient.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final String DONE = "[DONE]";
  private static final int MIN_REDACTED_KEY = 8;

  /**
   * Refines the exception the shared mapping produced for an HTTP error, e.g. to read the limit out
   * of a server's context-length message. Must not return null.
   */
  @FunctionalInterface
  public interface ErrorHook {
    /**
     * @param mapped what {@link HttpErrors#fromStatus} made of the answer
     * @param status the HTTP status
     * @param message the server's error message (from its JSON error object, else the body), with
     *     the API key removed
     * @return {@code mapped} or a more precise exception
     */
    LlmException refine(LlmException mapped, int status, String message);
  }

  private final String providerId;
  private final HttpUrl baseUrl;
  private final String baseUrlSetting;
  private final String apiKeySetting;
  private final String apiKey;
  private final Map<String, String> headers;
  private final RetryPolicy retryPolicy;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final ErrorHook errorHook;
  private final OkHttpClient http;

  private OpenAiClient(Builder b) {
    this.providerId = b.providerId;
    this.baseUrl = b.baseUrl;
    this.baseUrlSetting = b.baseUrlSetting;
    this.apiKeySetting = b.apiKeySetting;
    this.apiKey = b.apiKey;
    this.headers = Map.copyOf(b.headers);
    this.retryPolicy = b.retryPolicy;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.errorHook = b.errorHook;
    this.http =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(readTimeout)
            // okhttp still silently replaces a stale pooled connection (vLLM's uvicorn closes idle
            // keep-alive connections after 5 s); every other retry is ours: bounded and logged
            .retryOnConnectionFailure(true)
            .build();
  }

  /**
   * A builder for a client of {@code providerId} (named in every message) talking to {@code
   * baseUrl} (e.g. {@code https://api.openai.com/v1}; paths are resolved below it).
   */
  public static Builder builder(String providerId, HttpUrl baseUrl) {
    return new Builder(providerId, baseUrl);
  }

  /**
   * Parses an http(s) base URL from a setting.
   *
   * @throws InvalidConfigurationException naming {@code setting} and the value
   */
  public static HttpUrl parseBaseUrl(String setting, String value, String example) {
    HttpUrl url = HttpUrl.parse(value);
    if (url == null) {
      throw new InvalidConfigurationException(
          setting + " is not an http(s) URL: '" + value + "'. Example: " + example);
    }
    return url;
  }

  /** The provider id this client reports in messages. */
  public String providerId() {
    return providerId;
  }

  /** The base URL requests are resolved against. */
  public HttpUrl baseUrl() {
    return baseUrl;
  }

  /** The shared JSON mapper, for building request bodies. */
  public ObjectMapper json() {
    return JSON;
  }

  /**
   * {@code GET {base}/{path}} with retries.
   *
   * @return the parsed JSON answer, never null
   * @throws LlmException on any failure after retries
   */
  public JsonNode get(String path) {
    Request request = newRequest(path).get().build();
    return retryPolicy.execute(() -> readJson(request));
  }

  /**
   * {@code POST {base}/{path}} of a JSON body with retries.
   *
   * @return the parsed JSON answer, never null
   * @throws LlmException on any failure after retries; a 200 whose body is not JSON is a {@link
   *     ServerErrorException}
   */
  public JsonNode post(String path, ObjectNode body) {
    return post(path, body, Function.identity());
  }

  /**
   * {@code POST {base}/{path}} of a JSON body, turning the answer into a value with {@code reader}
   * inside the retry loop: a {@link RetriableLlmException} the reader throws (an answer that parsed
   * but is unusable, such as one without choices) is retried like an HTTP failure.
   *
   * @return what {@code reader} returned for the first usable answer
   * @throws LlmException on any failure after retries
   */
  public <T> T post(String path, ObjectNode body, Function<JsonNode, T> reader) {
    Request request = newRequest(path).post(jsonBody(path, body)).build();
    return retryPolicy.execute(() -> reader.apply(readJson(request)));
  }

  /**
   * {@code POST {base}/{path}} expecting Server-Sent Events: passes every {@code data:} JSON event
   * to {@code onEvent} in order and returns at {@code data: [DONE]}. Failures before the first
   * event are retried; once an event was delivered, a failure is reported without retrying (the
   * consumer would otherwise see text twice).
   *
   * @throws ServerErrorException when the stream ends or breaks before {@code [DONE]}, or an event
   *     is not JSON
   * @throws LlmException for HTTP errors and timeouts
   */
  public void postStream(String path, ObjectNode body, Consumer<JsonNode> onEvent) {
    Request request =
        newRequest(path).header("Accept", "text/event-stream").post(jsonBody(path, body)).build();
    boolean[] delivered = {false};
    try {
      retryPolicy.execute(
          () -> {
            try {
              readStream(
                  request,
                  event -> {
                    delivered[0] = true;
                    onEvent.accept(event);
                  });
              return null;
            } catch (RetriableLlmException e) {
              if (delivered[0]) {
                throw new AlreadyDelivered(e);
              }
              throw e;
            }
          });
    } catch (AlreadyDelivered e) {
      throw e.failure;
    }
  }

  @Override
  public void close() {
    // calls are synchronous, so no dispatcher threads exist; idle keep-alive connections do
    http.connectionPool().evictAll();
  }

  @Override
  public String toString() {
    return "OpenAiClient[" + providerId + " " + display(baseUrl) + "]";
  }

  // ---------------------------------------------------------------- internals

  private Request.Builder newRequest(String path) {
    HttpUrl url = resolve(path);
    Request.Builder builder = new Request.Builder().url(url).header("Accept", "application/json");
    if (apiKey != null) {
      builder.header("Authorization", "Bearer " + apiKey);
    }
    headers.forEach(builder::header);
    return builder;
  }

  private HttpUrl resolve(String path) {
    // okhttp replaces an empty last segment (a trailing slash) instead of adding after it
    HttpUrl.Builder builder = baseUrl.newBuilder();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        builder.addPathSegment(segment);
      }
    }
    return builder.build();
  }

  private RequestBody jsonBody(String path, ObjectNode body) {
    String text;
    try {
      text = JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a request body", e);
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} POST {} {}", providerId, display(resolve(path)), text);
    }
    return RequestBody.create(text, JSON_TYPE);
  }

  private JsonNode readJson(Request request) {
    try (Response response = execute(request)) {
      String text = bodyText(response);
      if (!response.isSuccessful()) {
        throw httpError(response, text);
      }
      try {
        JsonNode json = JSON.readTree(text);
        if (json == null || json.isMissingNode()) {
          throw new ServerErrorException(
              providerId
                  + " answered HTTP "
                  + response.code()
                  + " with an empty body from "
                  + where(request));
        }
        return json;
      } catch (JsonProcessingException e) {
        throw new ServerErrorException(
            providerId
                + " answered with malformed or truncated JSON from "
                + where(request)
                + ": "
                + firstLine(e.getOriginalMessage())
                + ". Body starts: "
                + abbreviate(redact(text), 200),
            null);
      }
    } catch (IOException e) {
      throw ioFailure(request, e, false);
    }
  }

  private void readStream(Request request, Consumer<JsonNode> onEvent) {
    int events = 0;
    try (Response response = execute(request)) {
      if (!response.isSuccessful()) {
        throw httpError(response, bodyText(response));
      }
      ResponseBody body = response.body();
      MediaType type = body.contentType();
      if (type != null && "json".equals(type.subtype())) {
        // a server that ignores "stream": true answers with one whole JSON object: deliver it as
        // one event
        onEvent.accept(parseEvent(request, body.string()));
        return;
      }
      BufferedSource source = body.source();
      StringBuilder data = new StringBuilder();
      String line;
      while ((line = source.readUtf8Line()) != null) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            String payload = data.toString();
            data.setLength(0);
            if (DONE.equals(payload.strip())) {
              return;
            }
            onEvent.accept(parseEvent(request, payload));
            events++;
          }
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
        }
        // "event:", "id:", "retry:" and ":" comment lines carry nothing we use
      }
      if (data.length() > 0 && DONE.equals(data.toString().strip())) {
        return;
      }
      throw new ServerErrorException(
          providerId
              + " stream from "
              + where(request)
              + " ended after "
              + events
              + " events without 'data: [DONE]': the server stopped or the connection was cut"
              + " mid-answer");
    } catch (IOException e) {
      throw ioFailure(request, e, true);
    }
  }

  private JsonNode parseEvent(Request request, String payload) {
    JsonNode event;
    try {
      event = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new ServerErrorException(
          providerId
              + " sent a malformed stream event from "
              + where(request)
              + ": "
              + abbreviate(redact(payload), 200));
    }
    JsonNode error = event.get("error");
    if (error != null && !error.isNull()) {
      // errors after the 200 header arrive as an event: map them like an HTTP answer
      int status = error.path("code").canConvertToInt() ? error.path("code").asInt() : 500;
      String message = describeError(redact(payload));
      LlmException mapped =
          HttpErrors.fromStatus(providerId, status < 400 ? 500 : status, message, null);
      throw errorHook.refine(mapped, status, message);
    }
    return event;
  }

  private Response execute(Request request) throws IOException {
    Call call = http.newCall(request);
    return call.execute();
  }

  private String bodyText(Response response) throws IOException {
    ResponseBody body = response.body();
    return body == null ? "" : body.string();
  }

  private LlmException httpError(Response response, String body) {
    String message = describeError(redact(body));
    String retryAfter = response.header("Retry-After");
    String retryAfterMs = response.header("retry-after-ms");
    if (retryAfterMs != null) {
      try {
        retryAfter = String.valueOf(Double.parseDouble(retryAfterMs.trim()) / 1000.0);
      } catch (NumberFormatException ignored) {
        // keep Retry-After
      }
    }
    LlmException mapped = HttpErrors.fromStatus(providerId, response.code(), message, retryAfter);
    LlmException refined =
        Objects.requireNonNull(
            errorHook.refine(mapped, response.code(), message), "ErrorHook result");
    if (refined instanceof AuthenticationException && apiKeySetting != null) {
      refined =
          new AuthenticationException(
              refined.getMessage()
                  + " ("
                  + (apiKey == null ? "no key was sent; set " : "the key comes from ")
                  + apiKeySetting
                  + ")");
    }
    LOG.debug(
        "{} {} -> HTTP {}: {}",
        providerId,
        where(response.request()),
        response.code(),
        refined.getMessage());
    return refined;
  }

  private LlmException ioFailure(Request request, IOException e, boolean streaming) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : redact(e.getMessage());
    if (e instanceof SocketTimeoutException) {
      boolean connect = detail.toLowerCase(java.util.Locale.ROOT).contains("connect");
      return connect
          ? new LlmTimeoutException(
              providerId
                  + " could not connect to "
                  + where(request)
                  + " within "
                  + connectTimeout.toMillis()
                  + " ms ("
                  + LlmConfig.CONNECT_TIMEOUT_MS
                  + "); check "
                  + baseUrlSetting
                  + " and that the server is up",
              e)
          : new LlmTimeoutException(
              providerId
                  + " did not answer "
                  + where(request)
                  + " within the read timeout of "
                  + readTimeout.toMillis()
                  + " ms ("
                  + LlmConfig.READ_TIMEOUT_MS
                  + (streaming ? ", between two stream events" : "")
                  + "); raise it for slow models",
              e);
    }
    if (e instanceof InterruptedIOException) {
      // keep the caller's cancellation visible: the retry loop then stops instead of trying again
      Thread.currentThread().interrupt();
      return new ServerErrorException(
          providerId + " request to " + where(request) + " was interrupted", e);
    }
    return new ServerErrorException(
        providerId
            + (streaming ? " stream from " : " could not be reached at ")
            + where(request)
            + ": "
            + detail
            + (streaming ? "" : "; check " + baseUrlSetting + " and that the server is up"),
        e);
  }

  /** {@code url} for messages: without user info and query, which may carry credentials. */
  public static String display(HttpUrl url) {
    return url.newBuilder().username("").password("").query(null).fragment(null).build().toString();
  }

  private static String where(Request request) {
    return request.method() + " " + display(request.url());
  }

  /**
   * The server's own error text: {@code error.message} (OpenAI), top-level {@code message} (vLLM),
   * or the body.
   */
  static String describeError(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.isObject()) {
        JsonNode error = json.get("error");
        JsonNode source = error != null && error.isObject() ? error : json;
        if (error != null && error.isTextual()) {
          return error.asText();
        }
        String message = source.path("message").asText("");
        if (!message.isEmpty()) {
          String code = source.path("code").isTextual() ? source.path("code").asText() : "";
          String type = source.path("type").asText("");
          StringBuilder out = new StringBuilder(message);
          if (!code.isEmpty() || !type.isEmpty()) {
            out.append(" (");
            out.append(type.isEmpty() ? "" : "type " + type);
            out.append(!type.isEmpty() && !code.isEmpty() ? ", " : "");
            out.append(code.isEmpty() ? "" : "code " + code);
            out.append(')');
          }
          return out.toString();
        }
      }
    } catch (JsonProcessingException notJson) {
      // fall through to the raw body (an HTML error page from a proxy, plain text…)
    }
    return body.strip();
  }

  /**
   * {@code text} with the API key replaced; a server may echo the key it refused. Placeholder keys
   * shorter than {@value #MIN_REDACTED_KEY} characters (such as {@code x} for a server that needs
   * none) are left alone: they are no secret, and replacing them would garble every message.
   */
  String redact(String text) {
    if (text == null || apiKey == null || apiKey.length() < MIN_REDACTED_KEY) {
      return text;
    }
    return text.replace(apiKey, "***");
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }

  /** Carries a failure past the retry loop once stream events were delivered. */
  private static final class AlreadyDelivered extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient RetriableLlmException failure;

    AlreadyDelivered(RetriableLlmException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }

  /** Builds an {@link OpenAiClient}. Not thread-safe. */
  public static final class Builder {
    private final String providerId;
    private final HttpUrl baseUrl;
    private String baseUrlSetting = "the base URL setting";
    private String apiKeySetting;
    private String apiKey;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private RetryPolicy retryPolicy =
        new RetryPolicy(
            RetryPolicy.DEFAULT_MAX_RETRIES,
            RetryPolicy.DEFAULT_BASE_DELAY,
            RetryPolicy.DEFAULT_MAX_WAIT);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(120);
    private ErrorHook errorHook = (mapped, status, message) -> mapped;

    private Builder(String providerId, HttpUrl baseUrl) {
      this.providerId = Objects.requireNonNull(providerId, "providerId");
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /** The API key sent as {@code Authorization: Bearer}; null or blank sends none. */
    public Builder apiKey(String value) {
      apiKey = value == null || value.isBlank() ? null : value;
      return this;
    }

    /** The setting name that holds the base URL, for messages (e.g. {@code OPENAI_BASE_URL}). */
    public Builder baseUrlSetting(String value) {
      baseUrlSetting = Objects.requireNonNull(value, "baseUrlSetting");
      return this;
    }

    /**
     * The setting name that holds the API key, named in authentication failures (never its value).
     */
    public Builder apiKeySetting(String value) {
      apiKeySetting = Objects.requireNonNull(value, "apiKeySetting");
      return this;
    }

    /** An extra header sent with every request (e.g. {@code OpenAI-Organization}). */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder retryPolicy(RetryPolicy value) {
      retryPolicy = Objects.requireNonNull(value, "retryPolicy");
      return this;
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = Objects.requireNonNull(value, "connectTimeout");
      return this;
    }

    /** The longest wait between two bytes of an answer (also between stream events). */
    public Builder readTimeout(Duration value) {
      readTimeout = Objects.requireNonNull(value, "readTimeout");
      return this;
    }

    public Builder errorHook(ErrorHook value) {
      errorHook = Objects.requireNonNull(value, "errorHook");
      return this;
    }

    /**
     * Timeouts and retries from {@link LlmConfig#CONNECT_TIMEOUT_MS}, {@link
     * LlmConfig#READ_TIMEOUT_MS} and the {@link RetryPolicy} keys, keeping the current values as
     * defaults.
     *
     * @throws InvalidConfigurationException naming a malformed key
     */
    public Builder settings(LlmConfig config) {
      connectTimeout = config.millis(LlmConfig.CONNECT_TIMEOUT_MS, connectTimeout);
      readTimeout = config.millis(LlmConfig.READ_TIMEOUT_MS, readTimeout);
      retryPolicy = RetryPolicy.from(config);
      return this;
    }

    public OpenAiClient build() {
      return new OpenAiClient(this);
    }
  }
}
