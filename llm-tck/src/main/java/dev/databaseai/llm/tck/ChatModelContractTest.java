package dev.databaseai.llm.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.databaseai.llm.AuthenticationException;
import dev.databaseai.llm.Capability;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.FinishReason;
import dev.databaseai.llm.InvalidConfigurationException;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmException;
import dev.databaseai.llm.LlmProvider;
import dev.databaseai.llm.LlmProviders;
import dev.databaseai.llm.LlmTimeoutException;
import dev.databaseai.llm.ModelNotFoundException;
import dev.databaseai.llm.RateLimitedException;
import dev.databaseai.llm.ResponseSchema;
import dev.databaseai.llm.RetriableLlmException;
import dev.databaseai.llm.ServerErrorException;
import dev.databaseai.llm.TokenUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link LlmProvider} must pass, run against a local {@link MockWebServer}
 * (started fresh for each test) that the provider's test teaches to speak its protocol.
 *
 * <p>Extend it from the provider's own test sources and implement the abstract hooks; override the
 * optional ones when the provider needs them. Fixtures should be faithful copies of the provider's
 * documented wire format. The TCK adds these generic settings to {@link #configFor}, keeping runs
 * fast: {@link LlmConfig#MAX_RETRIES} {@value #MAX_RETRIES}, {@link LlmConfig#RETRY_BASE_MS}
 * {@value #RETRY_BASE_MS}, {@link LlmConfig#RETRY_MAX_WAIT_MS} {@value #RETRY_MAX_WAIT_MS}, {@link
 * LlmConfig#CONNECT_TIMEOUT_MS} and {@link LlmConfig#READ_TIMEOUT_MS} {@value #TIMEOUT_MS}.
 *
 * <p>Behaviour the contract fixes for every provider: retriable failures are retried through the
 * configured bounds (see {@link dev.databaseai.llm.RetryPolicy}); a {@code Retry-After} within
 * {@link LlmConfig#RETRY_MAX_WAIT_MS} is waited for, a longer one is reported at once; 401 is never
 * retried; a malformed answer is a {@link ServerErrorException} naming the provider; a stream that
 * ends without its terminal event raises and is not retried once text was delivered; the API key
 * appears in no message and no {@code toString()}.
 */
public abstract class ChatModelContractTest {

  /** The model name the TCK's requests use; put it into {@link #configFor}. */
  protected static final String MODEL = "tck-model";

  /** The API key the TCK configures through {@link #apiKeySetting()}; it must never leak. */
  protected static final String SECRET = "sk-tck-5Fq9yXb2LmN7pR3tV8wZ";

  /** Retries the TCK configures. */
  protected static final int MAX_RETRIES = 2;

  /** Backoff base (ms) the TCK configures. */
  protected static final int RETRY_BASE_MS = 5;

  /** Longest wait (ms) the TCK configures. */
  protected static final int RETRY_MAX_WAIT_MS = 2_000;

  /** Connect and read timeout (ms) the TCK configures. */
  protected static final int TIMEOUT_MS = 5_000;

  private static final String NOTHING_QUEUED =
      "llm-tck: no response queued for this request (the provider sent more requests than the"
          + " test expected, e.g. it retried what it must not retry)";

  private MockWebServer server;
  private int baseline;
  private final List<ChatModel> created = new ArrayList<>();

  // ---------------------------------------------------------------- hooks every provider
  // implements

  /** A fresh instance of the provider under test. */
  protected abstract LlmProvider provider();

  /**
   * The provider's own settings pointing at the TCK's server and naming {@link #MODEL}.
   *
   * @param baseUrl the server's root, e.g. {@code http://127.0.0.1:43123/} (append {@code /v1} or
   *     strip the slash as the provider's setting expects)
   */
  protected abstract LlmConfig configFor(String baseUrl);

  /** The path the provider posts chat requests to, e.g. {@code /v1/chat/completions}. */
  protected abstract String chatPath();

  /** A successful, non-streamed chat answer in the provider's documented format. */
  protected abstract MockResponse completionResponse(CannedCompletion completion);

  /** An error answer with this status, its body in the provider's documented error format. */
  protected abstract MockResponse errorResponse(int status, String message);

  /**
   * What the server answers, in order, to every request that {@code create()} and one {@code
   * complete()} send when the configured model is {@code model} and the server does not serve it.
   */
  protected abstract List<MockResponse> unknownModelResponses(String model);

  /** Decodes a chat request the server received from the provider's wire format. */
  protected abstract ObservedRequest decodeRequest(RecordedRequest request);

  // ---------------------------------------------------------------- optional hooks

  /**
   * Answers, in order, to the requests {@code create()} sends before the model is usable (for
   * example a model listing). Default: none.
   */
  protected List<MockResponse> setupResponses() {
    return List.of();
  }

  /** The setting that holds the API key, when the provider takes one. Default: none. */
  protected Optional<String> apiKeySetting() {
    return Optional.empty();
  }

  /** Settings {@code create()} must refuse to do without, naming them. Default: none. */
  protected List<String> requiredSettings() {
    return List.of();
  }

  /**
   * Provider settings with malformed values that {@code create()} must refuse, naming the key and
   * the value. The TCK adds a malformed {@link LlmConfig#READ_TIMEOUT_MS}. Default: none.
   */
  protected Map<String, String> malformedSettings() {
    return Map.of();
  }

  /**
   * A streamed answer delivering {@code chunks} in order and ending normally; needed when the model
   * declares {@link Capability#STREAMING}.
   */
  protected MockResponse streamResponse(CannedCompletion completion, List<String> chunks) {
    throw new UnsupportedOperationException(
        getClass().getName() + " declares STREAMING but does not override streamResponse");
  }

  /**
   * A streamed answer that delivers {@code chunks} and then ends without the protocol's terminal
   * event (e.g. no {@code data: [DONE]}); needed when the model declares {@link
   * Capability#STREAMING}.
   */
  protected MockResponse truncatedStreamResponse(String model, List<String> chunks) {
    throw new UnsupportedOperationException(
        getClass().getName() + " declares STREAMING but does not override truncatedStreamResponse");
  }

  /** A 200 answer whose JSON body is cut off. Default: a truncated JSON object. */
  protected MockResponse malformedResponse() {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "application/json")
        .body("{\"id\":\"tck-1\",\"model\":\"" + MODEL + "\",\"choices\":[{\"index\":0,\"mess")
        .build();
  }

  // ---------------------------------------------------------------- helpers for subclasses

  /** The server of the running test. */
  protected final MockWebServer server() {
    return server;
  }

  /**
   * The full configuration the TCK uses: {@link #configFor} + generic settings + {@code overrides}.
   */
  protected final LlmConfig config(Map<String, String> overrides) {
    LlmConfig config = configFor(server.url("/").toString());
    Map<String, String> generic = new LinkedHashMap<>();
    generic.put(LlmConfig.MAX_RETRIES, String.valueOf(MAX_RETRIES));
    generic.put(LlmConfig.RETRY_BASE_MS, String.valueOf(RETRY_BASE_MS));
    generic.put(LlmConfig.RETRY_MAX_WAIT_MS, String.valueOf(RETRY_MAX_WAIT_MS));
    generic.put(LlmConfig.CONNECT_TIMEOUT_MS, String.valueOf(TIMEOUT_MS));
    generic.put(LlmConfig.READ_TIMEOUT_MS, String.valueOf(TIMEOUT_MS));
    apiKeySetting().ifPresent(key -> generic.put(key, SECRET));
    generic.putAll(overrides);
    for (Map.Entry<String, String> e : generic.entrySet()) {
      config = config.with(e.getKey(), e.getValue());
    }
    return config;
  }

  /**
   * A model created with {@link #config} after queueing {@link #setupResponses()}; the requests
   * {@code create()} sent are consumed, so {@link #takeRequest()} returns the next chat request.
   * Closed after the test.
   */
  protected final ChatModel newModel(Map<String, String> overrides) {
    setupResponses().forEach(server::enqueue);
    ChatModel model = provider().create(config(overrides));
    created.add(model);
    baseline = server.getRequestCount();
    for (int i = 0; i < baseline; i++) {
      takeRequest();
    }
    return model;
  }

  /** {@link #newModel(Map)} without overrides. */
  protected final ChatModel newModel() {
    return newModel(Map.of());
  }

  /** Requests the server received since the last {@link #newModel} returned. */
  protected final int requestsSinceCreate() {
    return server.getRequestCount() - baseline;
  }

  /** The next request the server received, waiting up to 5 s. */
  protected final RecordedRequest takeRequest() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(request).as("a request reached the server").isNotNull();
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A canned completion of {@link #MODEL}. */
  protected static CannedCompletion canned(
      String text, FinishReason reason, int prompt, int completion) {
    return new CannedCompletion(MODEL, text, reason, prompt, completion);
  }

  /** A one-message request. */
  protected static ChatRequest ask(String question) {
    return ChatRequest.of(List.of(ChatMessage.user(question)));
  }

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    QueueDispatcher dispatcher = new QueueDispatcher();
    dispatcher.setFailFast(new MockResponse.Builder().code(418).body(NOTHING_QUEUED).build());
    server.setDispatcher(dispatcher);
    server.start();
    baseline = 0;
  }

  @AfterEach
  void stopServer() {
    for (ChatModel model : created) {
      model.close();
    }
    created.clear();
    server.close();
  }

  // ---------------------------------------------------------------- identity and discovery

  @Test
  void providerIdIsStableAndLowerCase() {
    String id = provider().id();
    assertThat(id).matches("[a-z][a-z0-9-]*");
    assertThat(provider().id()).isEqualTo(id);
    assertThat(newModel().providerId()).isEqualTo(id);
  }

  @Test
  void providerIsDiscoveredThroughServiceLoader() {
    LlmProvider found = LlmProviders.load(getClass().getClassLoader()).byId(provider().id());
    assertThat(found).isInstanceOf(provider().getClass());
  }

  @Test
  void emptyConfigIsNotConfigured() {
    assertThat(provider().isConfigured(LlmConfig.of(Map.of()))).isFalse();
  }

  @Test
  void ownSettingsAreConfigured() {
    assertThat(provider().isConfigured(config(Map.of()))).isTrue();
  }

  @Test
  void createFailsEagerlyNamingEachMissingSetting() {
    for (String key : requiredSettings()) {
      LlmConfig without = config(Map.of()).with(key, null);
      assertThatThrownBy(() -> provider().create(without))
          .as("create() without %s", key)
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining(key);
    }
  }

  @Test
  void createFailsEagerlyNamingMalformedSettingsAndTheirValues() {
    Map<String, String> malformed = new LinkedHashMap<>(malformedSettings());
    malformed.put(LlmConfig.READ_TIMEOUT_MS, "soon");
    for (Map.Entry<String, String> bad : malformed.entrySet()) {
      LlmConfig config = config(Map.of(bad.getKey(), bad.getValue()));
      assertThatThrownBy(() -> provider().create(config))
          .as("create() with %s=%s", bad.getKey(), bad.getValue())
          .isInstanceOf(InvalidConfigurationException.class)
          .hasMessageContaining(bad.getKey())
          .hasMessageContaining(bad.getValue());
    }
  }

  // ---------------------------------------------------------------- completion

  @Test
  void completeReturnsTextFinishReasonUsageAndModel() {
    ChatModel model = newModel();
    server.enqueue(
        completionResponse(canned("SELECT count(*) FROM users", FinishReason.STOP, 42, 7)));

    ChatResponse response = model.complete(ask("How many users are there?"));

    assertThat(response.text()).isEqualTo("SELECT count(*) FROM users");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(response.usage()).isEqualTo(new TokenUsage(42, 7));
    assertThat(response.model()).isEqualTo(MODEL);
    assertThat(model.modelName()).isEqualTo(MODEL);
  }

  @Test
  void sentRequestCarriesModelMessagesTemperatureMaxTokensAndStop() {
    ChatModel model = newModel();
    server.enqueue(completionResponse(canned("SELECT 1", FinishReason.STOP, 30, 2)));
    List<ChatMessage> conversation =
        List.of(
            ChatMessage.system("You write PostgreSQL."),
            ChatMessage.user("Count users"),
            ChatMessage.assistant("SELECT count(*) FROM user"),
            ChatMessage.user("relation \"user\" does not exist; the table is users"));

    model.complete(
        ChatRequest.builder()
            .messages(conversation)
            .temperature(0.25)
            .maxTokens(256)
            .stop(List.of("<END>", ";;"))
            .build());

    RecordedRequest recorded = takeRequest();
    assertThat(recorded.getMethod()).isEqualTo("POST");
    assertThat(recorded.getUrl().encodedPath()).isEqualTo(chatPath());
    ObservedRequest sent = decodeRequest(recorded);
    assertThat(sent.model()).isEqualTo(MODEL);
    assertThat(sent.messages()).isEqualTo(conversation);
    assertThat(sent.temperature()).hasValue(0.25);
    assertThat(sent.maxTokens()).hasValue(256);
    assertThat(sent.stop()).containsExactly("<END>", ";;");
    assertThat(sent.stream()).isFalse();
    assertThat(sent.responseSchema()).isEmpty();
  }

  @Test
  void lengthFinishReasonIsReported() {
    ChatModel model = newModel();
    server.enqueue(
        completionResponse(canned("SELECT name, email, crea", FinishReason.LENGTH, 20, 8)));

    ChatResponse response =
        model.complete(ChatRequest.builder().message(ChatMessage.user("q")).maxTokens(8).build());

    assertThat(response.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(response.text()).isEqualTo("SELECT name, email, crea");
  }

  @Test
  void tokenCounterCountsTextAndContextWindowIsPositiveWhenKnown() {
    ChatModel model = newModel();
    assertThat(model.tokenCounter().count("")).isZero();
    int short1 = model.tokenCounter().count("SELECT 1");
    int longer =
        model
            .tokenCounter()
            .count("SELECT name, email FROM users WHERE created_at > now() - interval '7 days'");
    assertThat(short1).isPositive();
    assertThat(longer).isGreaterThan(short1);
    model.contextWindow().ifPresent(window -> assertThat(window).isPositive());
  }

  @Test
  void concurrentRequestsAreAllAnswered() throws Exception {
    ChatModel model = newModel();
    int n = 4;
    for (int i = 0; i < n; i++) {
      server.enqueue(completionResponse(canned("SELECT 1", FinishReason.STOP, 5, 2)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<ChatResponse>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        answers.add(pool.submit(() -> model.complete(ask("q"))));
      }
      for (Future<ChatResponse> answer : answers) {
        assertThat(answer.get(10, TimeUnit.SECONDS).text()).isEqualTo("SELECT 1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(requestsSinceCreate()).isEqualTo(n);
  }

  @Test
  void closeIsIdempotent() {
    ChatModel model = newModel();
    model.close();
    model.close();
  }

  // ---------------------------------------------------------------- failures

  @Test
  void unauthorizedIsAnAuthenticationFailureAndNotRetried() {
    ChatModel model = newModel();
    server.enqueue(errorResponse(401, "Incorrect API key provided."));

    Throwable thrown = catchThrowable(() -> model.complete(ask("q")));

    assertThat(thrown).isInstanceOf(AuthenticationException.class).hasMessageContaining("401");
    assertThat(((LlmException) thrown).isRetriable()).isFalse();
    assertThat(requestsSinceCreate()).isEqualTo(1);
  }

  @Test
  void forbiddenIsAnAuthenticationFailureAndNotRetried() {
    ChatModel model = newModel();
    server.enqueue(errorResponse(403, "You are not allowed to use this model."));

    assertThatThrownBy(() -> model.complete(ask("q"))).isInstanceOf(AuthenticationException.class);
    assertThat(requestsSinceCreate()).isEqualTo(1);
  }

  @Test
  void rateLimitIsRetriedAfterTheRetryAfterWait() {
    ChatModel model = newModel();
    server.enqueue(
        withHeader(errorResponse(429, "Rate limit reached for requests"), "Retry-After", "1"));
    server.enqueue(completionResponse(canned("SELECT 1", FinishReason.STOP, 5, 2)));

    long start = System.nanoTime();
    ChatResponse response = model.complete(ask("q"));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(response.text()).isEqualTo("SELECT 1");
    assertThat(requestsSinceCreate()).isEqualTo(2);
    assertThat(elapsedMs)
        .as("waited for Retry-After: 1")
        .isBetween(900L, (long) RETRY_MAX_WAIT_MS + 1_000);
  }

  @Test
  void rateLimitWithRetryAfterBeyondTheBoundIsReportedAtOnce() {
    ChatModel model = newModel();
    server.enqueue(
        withHeader(errorResponse(429, "Rate limit reached for requests"), "Retry-After", "120"));

    long start = System.nanoTime();
    Throwable thrown = catchThrowable(() -> model.complete(ask("q")));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(thrown).isInstanceOf(RateLimitedException.class);
    assertThat(((RateLimitedException) thrown).retryAfter()).contains(Duration.ofSeconds(120));
    assertThat(requestsSinceCreate()).isEqualTo(1);
    assertThat(elapsedMs).isLessThan(RETRY_MAX_WAIT_MS);
  }

  @Test
  void serverErrorsAreRetriedWithBackoffThenSucceed() {
    ChatModel model = newModel();
    server.enqueue(errorResponse(500, "The server had an error while processing your request."));
    server.enqueue(
        errorResponse(503, "The engine is currently overloaded, please try again later."));
    server.enqueue(completionResponse(canned("SELECT 1", FinishReason.STOP, 5, 2)));

    assertThat(model.complete(ask("q")).text()).isEqualTo("SELECT 1");
    assertThat(requestsSinceCreate()).isEqualTo(3);
  }

  @Test
  void serverErrorsGiveUpAfterMaxRetries() {
    ChatModel model = newModel();
    for (int i = 0; i <= MAX_RETRIES; i++) {
      server.enqueue(errorResponse(500, "The server had an error while processing your request."));
    }

    Throwable thrown = catchThrowable(() -> model.complete(ask("q")));

    assertThat(thrown).isInstanceOf(ServerErrorException.class).hasMessageContaining("500");
    assertThat(requestsSinceCreate()).isEqualTo(MAX_RETRIES + 1);
  }

  @Test
  void malformedJsonIsARetriableServerErrorNamingTheProvider() {
    ChatModel model = newModel(Map.of(LlmConfig.MAX_RETRIES, "0"));
    server.enqueue(malformedResponse());

    Throwable thrown = catchThrowable(() -> model.complete(ask("q")));

    assertThat(thrown)
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining(provider().id());
    assertThat(((LlmException) thrown).isRetriable()).isTrue();
  }

  @Test
  void readTimeoutIsReportedAsTimeout() {
    ChatModel model =
        newModel(Map.of(LlmConfig.READ_TIMEOUT_MS, "200", LlmConfig.MAX_RETRIES, "0"));
    server.enqueue(
        completionResponse(canned("SELECT 1", FinishReason.STOP, 5, 2))
            .newBuilder()
            .headersDelay(1_500, TimeUnit.MILLISECONDS)
            .build());

    long start = System.nanoTime();
    Throwable thrown = catchThrowable(() -> model.complete(ask("q")));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(thrown).isInstanceOf(LlmTimeoutException.class);
    assertThat(elapsedMs).isLessThan(1_400);
  }

  @Test
  void unreachableServerIsARetriableFailure() throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    String url = closed.url("/").toString();
    closed.close();
    LlmConfig config =
        configFor(url).with(LlmConfig.MAX_RETRIES, "1").with(LlmConfig.RETRY_BASE_MS, "5");
    for (String key : apiKeySetting().stream().toList()) {
      config = config.with(key, SECRET);
    }
    LlmConfig unreachable = config;

    Throwable thrown =
        catchThrowable(
            () -> {
              try (ChatModel model = provider().create(unreachable)) {
                model.complete(ask("q"));
              }
            });

    assertThat(thrown)
        .isInstanceOf(RetriableLlmException.class)
        .hasMessageContaining(provider().id());
    assertThat(thrown.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void unknownModelIsModelNotFound() {
    unknownModelResponses("no-such-model").forEach(server::enqueue);

    Throwable thrown =
        catchThrowable(
            () -> {
              ChatModel model =
                  provider().create(config(Map.of()).with(modelSettingFor(), "no-such-model"));
              created.add(model);
              model.complete(ask("q"));
            });

    assertThat(thrown)
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("no-such-model");
  }

  /**
   * The setting that names the model; the TCK changes it to an unknown model. Default: the single
   * setting of {@link #configFor} whose value is {@link #MODEL}.
   */
  protected String modelSettingFor() {
    LlmConfig config = configFor(server.url("/").toString());
    List<String> keys =
        config.keys().stream().filter(k -> config.get(k).orElse("").equals(MODEL)).toList();
    assertThat(keys).as("exactly one setting of configFor() names " + MODEL).hasSize(1);
    return keys.get(0);
  }

  @Test
  void apiKeyNeverAppearsInMessagesOrToString() {
    assumeTrue(apiKeySetting().isPresent(), "the provider takes no API key");
    ChatModel model = newModel();
    assertThat(model.toString()).doesNotContain(SECRET);
    assertThat(config(Map.of()).toString()).doesNotContain(SECRET);

    server.enqueue(errorResponse(401, "Incorrect API key provided: " + SECRET + "."));
    assertNoSecret(catchThrowable(() -> model.complete(ask("q"))));

    for (int i = 0; i <= MAX_RETRIES; i++) {
      server.enqueue(errorResponse(500, "internal error for key " + SECRET));
    }
    assertNoSecret(catchThrowable(() -> model.complete(ask("q"))));

    server.enqueue(errorResponse(400, "Invalid request made with " + SECRET));
    assertNoSecret(catchThrowable(() -> model.complete(ask("q"))));
  }

  // ---------------------------------------------------------------- streaming and structured
  // output

  @Test
  void declaredStreamingDeliversChunksInOrder() {
    ChatModel model = newModel();
    assumeTrue(model.capabilities().contains(Capability.STREAMING), "streaming not declared");
    List<String> chunks = List.of("SELECT", " name", " FROM", " users", ";");
    server.enqueue(
        streamResponse(canned("SELECT name FROM users;", FinishReason.STOP, 11, 5), chunks));

    List<String> received = Collections.synchronizedList(new ArrayList<>());
    ChatResponse response = model.stream(ask("names?"), received::add);

    assertThat(String.join("", received)).isEqualTo("SELECT name FROM users;");
    assertThat(received).containsSubsequence(chunks.stream().filter(c -> !c.isEmpty()).toList());
    assertThat(response.text()).isEqualTo("SELECT name FROM users;");
    assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(decodeRequest(takeRequest()).stream()).isTrue();
  }

  @Test
  void declaredStreamingRaisesWhenTheStreamStopsMidway() {
    ChatModel model = newModel();
    assumeTrue(model.capabilities().contains(Capability.STREAMING), "streaming not declared");
    server.enqueue(truncatedStreamResponse(MODEL, List.of("SELECT", " name", " FR")));

    List<String> received = Collections.synchronizedList(new ArrayList<>());
    Throwable thrown = catchThrowable(() -> model.stream(ask("names?"), received::add));

    assertThat(thrown)
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining(provider().id());
    assertThat(String.join("", received)).isEqualTo("SELECT name FR");
    assertThat(requestsSinceCreate())
        .as("a stream that already delivered text is not retried")
        .isEqualTo(1);
  }

  @Test
  void declaredStreamingReportsAServerThatFallsSilentAsTimeout() {
    ChatModel model =
        newModel(Map.of(LlmConfig.READ_TIMEOUT_MS, "200", LlmConfig.MAX_RETRIES, "0"));
    assumeTrue(model.capabilities().contains(Capability.STREAMING), "streaming not declared");
    // the status line and headers arrive, then the body does not
    server.enqueue(
        streamResponse(canned("SELECT 1", FinishReason.STOP, 5, 2), List.of("SELECT", " 1"))
            .newBuilder()
            .bodyDelay(1_500, TimeUnit.MILLISECONDS)
            .build());

    long start = System.nanoTime();
    Throwable thrown = catchThrowable(() -> model.stream(ask("q"), piece -> {}));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

    assertThat(thrown).isInstanceOf(LlmTimeoutException.class);
    assertThat(elapsedMs).isLessThan(1_400);
  }

  @Test
  void undeclaredStreamingStillAnswersThroughStream() {
    ChatModel model = newModel();
    assumeTrue(!model.capabilities().contains(Capability.STREAMING), "streaming declared");
    server.enqueue(completionResponse(canned("SELECT 1", FinishReason.STOP, 5, 2)));

    List<String> received = new ArrayList<>();
    ChatResponse response = model.stream(ask("q"), received::add);

    assertThat(String.join("", received)).isEqualTo("SELECT 1");
    assertThat(response.text()).isEqualTo("SELECT 1");
  }

  @Test
  void declaredStructuredOutputSendsTheSchema() {
    ChatModel model = newModel();
    assumeTrue(
        model.capabilities().contains(Capability.STRUCTURED_OUTPUT),
        "structured output not declared");
    String schema =
        "{\"type\":\"object\",\"properties\":{\"sql\":{\"type\":\"string\"}},"
            + "\"required\":[\"sql\"],\"additionalProperties\":false}";
    server.enqueue(completionResponse(canned("{\"sql\":\"SELECT 1\"}", FinishReason.STOP, 9, 6)));

    ChatResponse response =
        model.complete(
            ChatRequest.builder()
                .message(ChatMessage.user("q"))
                .responseSchema(new ResponseSchema("sql_answer", schema))
                .build());

    assertThat(response.text()).isEqualTo("{\"sql\":\"SELECT 1\"}");
    ObservedRequest sent = decodeRequest(takeRequest());
    assertThat(sent.responseSchema()).hasValueSatisfying(s -> assertThat(s).contains("\"sql\""));
  }

  // ---------------------------------------------------------------- internals

  private static MockResponse withHeader(MockResponse response, String name, String value) {
    Headers headers = response.getHeaders().newBuilder().set(name, value).build();
    return response.newBuilder().headers(headers).build();
  }

  private static void assertNoSecret(Throwable thrown) {
    assertThat(thrown).as("a failure was reported").isNotNull();
    Map<Throwable, Boolean> seen = new HashMap<>();
    for (Throwable t = thrown; t != null && seen.put(t, true) == null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
      assertThat(t.toString()).doesNotContain(SECRET);
      for (Throwable suppressed : t.getSuppressed()) {
        assertThat(String.valueOf(suppressed.getMessage())).doesNotContain(SECRET);
      }
    }
  }
}
