package dev.databaseai.llm.ollama;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.databaseai.llm.AuthenticationException;
import dev.databaseai.llm.HttpErrors;
import dev.databaseai.llm.InvalidRequestException;
import dev.databaseai.llm.LlmException;
import dev.databaseai.llm.LlmTimeoutException;
import dev.databaseai.llm.ServerErrorException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One HTTP exchange with an Ollama server and the translation of its failures: statuses through
 * {@link HttpErrors#fromStatus} (the shared mapping), network failures to timeouts or server
 * errors, unreadable bodies to {@link ServerErrorException}. No retries here ({@link
 * dev.databaseai.llm.RetryPolicy} wraps the calls). Thread-safe.
 */
final class OllamaHttp implements AutoCloseable {

  static final String PROVIDER = "ollama";

  private static final MediaType JSON = MediaType.get("application/json");

  /** Error bodies are short; a proxy's HTML page is cut here. */
  private static final long MAX_ERROR_BODY = 8192;

  /**
   * Shared, thread-safe; strict about trailing tokens so that two objects run together on one
   * NDJSON line are malformed rather than half read.
   */
  static final ObjectMapper JSON_MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final OkHttpClient client;
  private final OllamaSettings settings;

  OllamaHttp(OllamaSettings settings) {
    this.settings = settings;
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .writeTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
            // RetryPolicy decides about retries; okhttp's silent ones would bypass its bounds
            .retryOnConnectionFailure(false);
    settings
        .apiKey()
        .ifPresent(
            key ->
                builder.addInterceptor(
                    chain ->
                        chain.proceed(
                            chain
                                .request()
                                .newBuilder()
                                .header("Authorization", "Bearer " + key)
                                .build())));
    this.client = builder.build();
  }

  HttpUrl baseUrl() {
    return settings.baseUrl();
  }

  /** {@code GET} of an endpoint such as {@code api/tags}, parsed as one JSON document. */
  JsonNode get(String endpoint) {
    return exchange(endpoint, new Request.Builder().url(url(endpoint)).get().build());
  }

  /** {@code POST} of {@code body} to an endpoint, the answer parsed as one JSON document. */
  JsonNode post(String endpoint, JsonNode body) {
    return exchange(endpoint, postRequest(endpoint, body));
  }

  /**
   * {@code POST} of {@code body}, returning the open 2xx response for the caller to read (and
   * close).
   */
  Response open(String endpoint, JsonNode body) {
    Request request = postRequest(endpoint, body);
    Response response;
    try {
      response = client.newCall(request).execute();
    } catch (IOException e) {
      throw networkFailure(endpoint, e);
    }
    if (!response.isSuccessful()) {
      try (response) {
        throw statusFailure(response);
      } catch (IOException e) {
        throw networkFailure(endpoint, e);
      }
    }
    return response;
  }

  /** Parses one line or document of JSON from {@code endpoint}. */
  JsonNode parse(String endpoint, String json) {
    try {
      JsonNode node = JSON_MAPPER.readTree(json);
      if (node == null || !node.isObject()) {
        throw new ServerErrorException(
            describe(endpoint)
                + " answered with something other than a JSON object: "
                + clip(json));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ServerErrorException(
          describe(endpoint)
              + " answered with malformed or truncated JSON ("
              + e.getOriginalMessage()
              + "): "
              + clip(json),
          e);
    }
  }

  /** The failure for an I/O error while talking to {@code endpoint}. */
  LlmException networkFailure(String endpoint, IOException e) {
    String where = describe(endpoint);
    if (e instanceof SocketTimeoutException) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("connect")) {
        return new LlmTimeoutException(
            "could not connect to the ollama server at "
                + settings.baseUrl()
                + " within "
                + settings.connectTimeout().toMillis()
                + " ms (DATABASEAI_LLM_CONNECT_TIMEOUT_MS). Is the host reachable? Check OLLAMA_HOST.",
            e);
      }
      return new LlmTimeoutException(
          where
              + " sent nothing for "
              + settings.readTimeout().toMillis()
              + " ms (DATABASEAI_LLM_READ_TIMEOUT_MS). A large model may still be loading or"
              + " generating: raise the read timeout or use a smaller model.",
          e);
    }
    if (e instanceof ConnectException
        || e instanceof UnknownHostException
        || e instanceof NoRouteToHostException) {
      return new ServerErrorException(
          "could not connect to the ollama server at "
              + settings.baseUrl()
              + " ("
              + e.getMessage()
              + "). Start it with `ollama serve`, or set OLLAMA_HOST to where it runs.",
          e);
    }
    return new ServerErrorException(
        "the connection to "
            + where
            + " failed: "
            + e.getClass().getSimpleName()
            + ": "
            + e.getMessage(),
        e);
  }

  String describe(String endpoint) {
    return "the ollama server at " + settings.baseUrl() + " (" + endpoint + ")";
  }

  private JsonNode exchange(String endpoint, Request request) {
    String body;
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw statusFailure(response);
      }
      ResponseBody responseBody = response.body();
      body = responseBody.string();
    } catch (IOException e) {
      throw networkFailure(endpoint, e);
    }
    return parse(endpoint, body);
  }

  private LlmException statusFailure(Response response) throws IOException {
    String raw = response.peekBody(MAX_ERROR_BODY).string();
    LlmException mapped =
        HttpErrors.fromStatus(
            PROVIDER, response.code(), redact(errorText(raw)), response.header("Retry-After"));
    if (mapped instanceof AuthenticationException) {
      String hint =
          settings.apiKey().isPresent()
              ? " The proxy in front of Ollama refused OLLAMA_API_KEY."
              : " Ollama itself needs no key; a proxy in front of it does: set OLLAMA_API_KEY.";
      return new AuthenticationException(mapped.getMessage() + hint, mapped);
    }
    if (mapped instanceof InvalidRequestException && response.code() == 404) {
      // not a model 404: the endpoint itself is missing, so this is probably not Ollama's API
      return new InvalidRequestException(
          mapped.getMessage()
              + " Is "
              + settings.baseUrl()
              + " an Ollama server? Check OLLAMA_HOST and its path.",
          mapped);
    }
    return mapped;
  }

  /** Ollama's errors are {@code {"error": "..."}}; the bare text reads better in a message. */
  private String errorText(String raw) {
    try {
      JsonNode node = JSON_MAPPER.readTree(raw);
      if (node != null && node.path("error").isTextual()) {
        return node.path("error").asText();
      }
    } catch (JsonProcessingException notJson) {
      // a proxy's page or plain text: shown as it is
    }
    return raw;
  }

  private Request postRequest(String endpoint, JsonNode body) {
    String json;
    try {
      json = JSON_MAPPER.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a request body", e);
    }
    return new Request.Builder().url(url(endpoint)).post(RequestBody.create(json, JSON)).build();
  }

  private HttpUrl url(String endpoint) {
    return settings.baseUrl().newBuilder().addPathSegments(endpoint).build();
  }

  /**
   * {@code text} from the server with the API key blanked out: a proxy may echo the request's
   * credentials in its error page.
   */
  String redact(String text) {
    if (settings.apiKey().isEmpty() || text == null) {
      return text;
    }
    return text.replace(settings.apiKey().get(), "[" + OllamaSettings.API_KEY + "]");
  }

  private String clip(String text) {
    String flat = redact(text).strip();
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
