package dev.databaseai.llm.openai;

import static dev.databaseai.llm.openai.OpenAiFixtures.completion;
import static dev.databaseai.llm.openai.OpenAiFixtures.error;
import static dev.databaseai.llm.openai.OpenAiFixtures.json;
import static dev.databaseai.llm.openai.OpenAiFixtures.sse;
import static dev.databaseai.llm.openai.OpenAiFixtures.streamBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.databaseai.llm.AuthenticationException;
import dev.databaseai.llm.Capability;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.ContextLengthExceededException;
import dev.databaseai.llm.FinishReason;
import dev.databaseai.llm.InvalidConfigurationException;
import dev.databaseai.llm.InvalidRequestException;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmTimeoutException;
import dev.databaseai.llm.RateLimitedException;
import dev.databaseai.llm.ResponseSchema;
import dev.databaseai.llm.ServerErrorException;
import dev.databaseai.llm.TokenUsage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OpenAI-specific behaviour beyond the TCK, each against a local server speaking the Chat
 * Completions API.
 */
class OpenAiChatModelTest {

  private static final String KEY = "sk-proj-Q2x7Lm9Pz4Rt8Vw1Yb6Nc3Kd";
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"sql\":{\"type\":\"string\"}},\"required\":[\"sql\"],\"additionalProperties\":false}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MockWebServer server;
  private final List<ChatModel> models = new ArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
  }

  @AfterEach
  void stop() {
    models.forEach(ChatModel::close);
    server.close();
  }

  private ChatModel model(String model, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put(OpenAiProvider.API_KEY, KEY);
    settings.put(OpenAiProvider.BASE_URL, server.url("/v1").toString());
    settings.put(OpenAiProvider.MODEL, model);
    settings.put(LlmConfig.RETRY_BASE_MS, "5");
    settings.put(LlmConfig.RETRY_MAX_WAIT_MS, "1000");
    settings.putAll(extra);
    ChatModel created = new OpenAiProvider().create(LlmConfig.of(settings));
    models.add(created);
    return created;
  }

  private ChatModel model() {
    return model("gpt-4o-mini", Map.of());
  }

  private JsonNode body(RecordedRequest request) throws IOException {
    return JSON.readTree(request.getBody().utf8());
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    return request;
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.of(List.of(ChatMessage.user(text)));
  }

  private static ChatRequest structured() {
    return ChatRequest.builder()
        .message(ChatMessage.user("How many users?"))
        .maxTokens(100)
        .responseSchema(new ResponseSchema("sql_answer", SCHEMA))
        .build();
  }

  @Test
  void sendsTheKeyAsBearerTokenAndTheOrganizationHeaders() throws Exception {
    ChatModel model =
        model(
            "gpt-4o-mini",
            Map.of(OpenAiProvider.ORGANIZATION, "org-42", OpenAiProvider.PROJECT, "proj_7"));
    server.enqueue(json(200, completion("gpt-4o-mini-2024-07-18", "SELECT 1", "stop", 5, 2)));

    model.complete(ask("q"));

    RecordedRequest request = take();
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("OpenAI-Organization")).isEqualTo("org-42");
    assertThat(request.getHeaders().get("OpenAI-Project")).isEqualTo("proj_7");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
  }

  @Test
  void defaultsToTheOfficialEndpointAndGpt4oMiniWithoutTouchingTheNetwork() {
    ChatModel model =
        new OpenAiProvider().create(LlmConfig.of(Map.of(OpenAiProvider.API_KEY, KEY)));
    models.add(model);

    assertThat(model.modelName()).isEqualTo("gpt-4o-mini");
    assertThat(model.toString()).contains("https://api.openai.com/v1").doesNotContain(KEY);
    assertThat(model.contextWindow()).hasValue(128_000);
    assertThat(model.capabilities())
        .containsExactlyInAnyOrder(
            Capability.STREAMING, Capability.STRUCTURED_OUTPUT, Capability.EXACT_TOKEN_COUNT);
  }

  @Test
  void missingKeyIsRefusedNamingTheVariableAndWhereToGetOne() {
    assertThatThrownBy(
            () -> new OpenAiProvider().create(LlmConfig.of(Map.of(OpenAiProvider.MODEL, "gpt-4o"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith(
            "OPENAI_API_KEY is not set: set it to your OpenAI API key (https://platform.openai.com/api-keys)");
  }

  @Test
  void malformedBaseUrlIsRefusedWithAnExample() {
    assertThatThrownBy(
            () ->
                new OpenAiProvider()
                    .create(
                        LlmConfig.of(
                            Map.of(
                                OpenAiProvider.API_KEY,
                                KEY,
                                OpenAiProvider.BASE_URL,
                                "localhost:8000/v1"))))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "OPENAI_BASE_URL is not an http(s) URL: 'localhost:8000/v1'. Example: https://api.openai.com/v1");
  }

  @Test
  void baseUrlWithTrailingSlashPostsToChatCompletions() throws Exception {
    ChatModel model =
        model("gpt-4o-mini", Map.of(OpenAiProvider.BASE_URL, server.url("/v1/").toString()));
    server.enqueue(json(200, completion("gpt-4o-mini", "SELECT 1", "stop", 5, 2)));

    model.complete(ask("q"));

    assertThat(take().getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
  }

  @Test
  void authenticationFailureNamesTheKeySettingButNotTheKey() {
    ChatModel model = model();
    server.enqueue(
        json(
            401,
            error(
                "Incorrect API key provided: "
                    + KEY
                    + ". You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error",
                null,
                "invalid_api_key")));

    Throwable thrown = catchThrowable(() -> model.complete(ask("q")));

    assertThat(thrown)
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("openai answered HTTP 401")
        .hasMessageContaining("Incorrect API key provided: ***.")
        .hasMessageContaining("code invalid_api_key")
        .hasMessageEndingWith("(the key comes from OPENAI_API_KEY)")
        .hasMessageNotContaining(KEY);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  // the chat completion object of the API reference with an empty choices array
  private static final String EMPTY_CHOICES =
      """
      {"id":"chatcmpl-9","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
       "choices":[],"usage":{"prompt_tokens":12,"completion_tokens":0,"total_tokens":12}}
      """;

  @Test
  void emptyChoicesIsRetriedThenReportedSayingNoTextWasGenerated() {
    ChatModel model = model("gpt-4o-mini", Map.of(LlmConfig.MAX_RETRIES, "1"));
    server.enqueue(json(200, EMPTY_CHOICES));
    server.enqueue(json(200, EMPTY_CHOICES));

    assertThatThrownBy(() -> model.complete(ask("q")))
        .isInstanceOf(ServerErrorException.class)
        .hasMessage(
            "openai answered model gpt-4o-mini with an empty 'choices' array: no text was generated (the server may"
                + " have filtered the answer or failed internally)");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void emptyChoicesOnceIsRetriedToTheNextAnswer() {
    ChatModel model = model();
    server.enqueue(json(200, EMPTY_CHOICES));
    server.enqueue(json(200, completion("gpt-4o-mini", "SELECT 1", "stop", 5, 2)));

    assertThat(model.complete(ask("q")).text()).isEqualTo("SELECT 1");
  }

  @Test
  void answerWithoutChoicesIsMalformed() {
    ChatModel model = model("gpt-4o-mini", Map.of(LlmConfig.MAX_RETRIES, "0"));
    server.enqueue(
        json(
            200,
            "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini\"}"));

    assertThatThrownBy(() -> model.complete(ask("q")))
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("has no 'choices' array, so it is not a chat completion");
  }

  @Test
  void truncatedJsonIsRetriedThenReportedWithTheStartOfTheBody() {
    ChatModel model = model("gpt-4o-mini", Map.of(LlmConfig.MAX_RETRIES, "1"));
    String full = completion("gpt-4o-mini", "SELECT 1", "stop", 5, 2);
    String cut = full.substring(0, full.indexOf("\"finish_reason\""));
    server.enqueue(json(200, cut));
    server.enqueue(json(200, cut));

    assertThatThrownBy(() -> model.complete(ask("q")))
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("openai answered with malformed or truncated JSON from POST http://")
        .hasMessageContaining("Body starts: {");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void proxyHtmlErrorPageIsRetriedAndShown() {
    ChatModel model = model();
    MockResponse badGateway =
        new MockResponse.Builder()
            .code(502)
            .setHeader("Content-Type", "text/html")
            .body("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")
            .build();
    server.enqueue(badGateway);
    server.enqueue(json(200, completion("gpt-4o-mini", "SELECT 1", "stop", 5, 2)));

    assertThat(model.complete(ask("q")).text()).isEqualTo("SELECT 1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void retryAfterMsHeaderIsHonoured() {
    ChatModel model = model();
    server.enqueue(
        json(429, error("Rate limit reached for requests", "requests", null, "rate_limit_exceeded"))
            .newBuilder()
            .setHeader("retry-after-ms", "150")
            .build());
    server.enqueue(json(200, completion("gpt-4o-mini", "SELECT 1", "stop", 5, 2)));

    long start = System.nanoTime();
    model.complete(ask("q"));

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(140);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void rateLimitExhaustedCarriesRetryAfter() {
    ChatModel model = model("gpt-4o-mini", Map.of(LlmConfig.MAX_RETRIES, "0"));
    server.enqueue(
        json(
                429,
                error(
                    "You exceeded your current quota",
                    "insufficient_quota",
                    null,
                    "insufficient_quota"))
            .newBuilder()
            .setHeader("Retry-After", "20")
            .build());

    Throwable thrown = catchThrowable(() -> model.complete(ask("q")));

    assertThat(thrown)
        .isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("You exceeded your current quota");
    assertThat(((RateLimitedException) thrown).retryAfter()).contains(Duration.ofSeconds(20));
  }

  @Test
  void structuredOutputIsSentAsStrictJsonSchemaResponseFormat() throws Exception {
    ChatModel model = model();
    server.enqueue(
        json(
            200,
            completion("gpt-4o-mini", "{\"sql\":\"SELECT count(*) FROM users\"}", "stop", 30, 12)));

    ChatResponse response = model.complete(structured());

    assertThat(response.text()).isEqualTo("{\"sql\":\"SELECT count(*) FROM users\"}");
    JsonNode format = body(take()).get("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("name").asText()).isEqualTo("sql_answer");
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    assertThat(format.path("json_schema").path("schema")).isEqualTo(JSON.readTree(SCHEMA));
  }

  @Test
  void structuredOutputFallsBackToPlainTextOnceRejectedAndRemembers() throws Exception {
    ChatModel model = model();
    server.enqueue(
        json(
            400,
            error(
                "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
                "invalid_request_error",
                "response_format",
                null)));
    server.enqueue(json(200, completion("gpt-4o-mini", "{\"sql\":\"SELECT 1\"}", "stop", 30, 12)));
    server.enqueue(json(200, completion("gpt-4o-mini", "{\"sql\":\"SELECT 2\"}", "stop", 30, 12)));

    assertThat(model.complete(structured()).text()).isEqualTo("{\"sql\":\"SELECT 1\"}");
    assertThat(model.complete(structured()).text()).isEqualTo("{\"sql\":\"SELECT 2\"}");

    assertThat(body(take()).has("response_format")).isTrue();
    assertThat(body(take()).has("response_format")).isFalse();
    assertThat(body(take()).has("response_format")).as("remembered").isFalse();
    assertThat(model.capabilities()).doesNotContain(Capability.STRUCTURED_OUTPUT);
  }

  @Test
  void unrelatedBadRequestIsNotRetried() {
    ChatModel model = model();
    server.enqueue(
        json(
            400,
            error(
                "'messages' must contain the word 'json'",
                "invalid_request_error",
                "messages",
                null)));

    assertThatThrownBy(() -> model.complete(ask("q")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'messages' must contain the word 'json'");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void lengthCutOfAStructuredAnswerIsAnInvalidRequestSayingToRaiseMaxTokens() {
    ChatModel model = model();
    server.enqueue(
        json(200, completion("gpt-4o-mini", "{\"sql\":\"SELECT name, em", "length", 30, 100)));

    assertThatThrownBy(() -> model.complete(structured()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "openai model gpt-4o-mini reached the token limit (finish_reason=length, maxTokens=100) before the"
                + " structured JSON answer was complete; raise maxTokens or shorten the prompt");
  }

  @Test
  void reasoningModelsSendMaxCompletionTokens() throws Exception {
    ChatModel model = model("o4-mini", Map.of());
    server.enqueue(json(200, completion("o4-mini-2025-04-16", "SELECT 1", "stop", 5, 2)));

    model.complete(ChatRequest.builder().message(ChatMessage.user("q")).maxTokens(50).build());

    JsonNode sent = body(take());
    assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(50);
    assertThat(sent.has("max_tokens")).isFalse();
  }

  @Test
  void refusedMaxTokensSwitchesToMaxCompletionTokens() throws Exception {
    ChatModel model = model("gpt-4o-mini", Map.of());
    server.enqueue(
        json(
            400,
            error(
                "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
                "invalid_request_error",
                "max_tokens",
                "unsupported_parameter")));
    server.enqueue(json(200, completion("gpt-4o-mini", "SELECT 1", "stop", 5, 2)));

    model.complete(ChatRequest.builder().message(ChatMessage.user("q")).maxTokens(50).build());

    assertThat(body(take()).path("max_tokens").asInt()).isEqualTo(50);
    JsonNode retried = body(take());
    assertThat(retried.path("max_completion_tokens").asInt()).isEqualTo(50);
    assertThat(retried.has("max_tokens")).isFalse();
  }

  @Test
  void contextLengthErrorCarriesTheLimitAndTheRequestedSize() {
    ChatModel model = model();
    server.enqueue(
        json(
            400,
            error(
                "This model's maximum context length is 128000 tokens. However, your messages resulted in 130532 tokens."
                    + " Please reduce the length of the messages.",
                "invalid_request_error",
                "messages",
                "context_length_exceeded")));

    Throwable thrown = catchThrowable(() -> model.complete(ask("q")));

    assertThat(thrown).isInstanceOf(ContextLengthExceededException.class);
    assertThat(((ContextLengthExceededException) thrown).limit()).isEqualTo(128_000);
    assertThat(((ContextLengthExceededException) thrown).requested()).isEqualTo(130_532);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void contextLengthErrorWithoutNumbersIsRecognisedByItsCode() {
    ChatModel model = model();
    server.enqueue(
        json(
            400,
            error(
                "Your input exceeds the context window of this model. Please adjust your input and try again.",
                "invalid_request_error",
                "input",
                "context_length_exceeded")));

    Throwable thrown = catchThrowable(() -> model.complete(ask("q")));

    assertThat(thrown).isInstanceOf(ContextLengthExceededException.class);
    assertThat(((ContextLengthExceededException) thrown).limit()).isEqualTo(-1);
  }

  @Test
  void refusalIsReportedAsContentFilter() {
    ChatModel model = model();
    // "The chat completion object" with content null and a refusal, as documented for structured
    // outputs
    server.enqueue(
        json(
            200,
            """
            {"id":"chatcmpl-9","object":"chat.completion","created":1741569952,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":null,
               "refusal":"I'm sorry, I cannot assist with that request."},"logprobs":null,"finish_reason":"stop"}],
             "usage":{"prompt_tokens":12,"completion_tokens":9,"total_tokens":21}}
            """));

    ChatResponse response = model.complete(structured());

    assertThat(response.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(response.text()).isEqualTo("I'm sorry, I cannot assist with that request.");
  }

  @Test
  void streamingAsksForUsageAndReportsItFromTheFinalChunk() throws Exception {
    ChatModel model = model();
    server.enqueue(
        sse(streamBody("gpt-4o-mini-2024-07-18", List.of("SELECT", " 1"), "stop", 17, 2, true)));

    List<String> pieces = new ArrayList<>();
    ChatResponse response = model.stream(ask("q"), pieces::add);

    assertThat(pieces).containsExactly("SELECT", " 1");
    assertThat(response)
        .isEqualTo(
            new ChatResponse(
                "SELECT 1", FinishReason.STOP, new TokenUsage(17, 2), "gpt-4o-mini-2024-07-18"));
    JsonNode sent = body(take());
    assertThat(sent.path("stream").asBoolean()).isTrue();
    assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();
  }

  @Test
  void serverThatRejectsStreamOptionsIsAskedAgainWithout() throws Exception {
    ChatModel model = model();
    server.enqueue(
        json(
            400,
            error(
                "Unrecognized request argument supplied: stream_options",
                "invalid_request_error",
                null,
                null)));
    server.enqueue(sse(streamBody("gpt-4o-mini", List.of("SELECT 1"), "stop", 0, 0, true)));

    assertThat(model.stream(ask("q"), piece -> {}).text()).isEqualTo("SELECT 1");

    assertThat(body(take()).has("stream_options")).isTrue();
    assertThat(body(take()).has("stream_options")).isFalse();
  }

  @Test
  void errorEventInsideAStreamIsMapped() {
    ChatModel model = model("gpt-4o-mini", Map.of(LlmConfig.MAX_RETRIES, "0"));
    String body =
        "data: "
            + error(
                    "The server had an error while processing your request. Sorry about that!",
                    "server_error",
                    null,
                    null)
                .replace("\n", "")
            + "\n\n";
    server.enqueue(sse(body));

    assertThatThrownBy(() -> model.stream(ask("q"), piece -> {}))
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("The server had an error while processing your request");
  }

  @Test
  void streamCutAtTheSocketRaisesAfterDeliveringWhatArrived() {
    ChatModel model = model();
    String whole = streamBody("gpt-4o-mini", List.of("SELECT", " name"), "stop", 5, 2, true);
    // the server promises the whole body, sends a third of it and then the connection drops
    String sent = whole.substring(0, whole.indexOf("\n\n", whole.indexOf("SELECT")) + 2);
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .setHeader("Content-Type", "text/event-stream")
            .setHeader("Content-Length", String.valueOf(whole.length()))
            .body(sent)
            .build());

    List<String> pieces = new ArrayList<>();
    Throwable thrown = catchThrowable(() -> model.stream(ask("q"), pieces::add));

    assertThat(thrown)
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("openai stream from POST");
    assertThat(pieces).containsExactly("SELECT");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void streamThatStallsMidwayIsAReadTimeoutAndNotRetried() {
    ChatModel model = model("gpt-4o-mini", Map.of(LlmConfig.READ_TIMEOUT_MS, "300"));
    String body =
        streamBody(
            "gpt-4o-mini", List.of("SELECT", " name", " FROM", " users"), "stop", 5, 4, true);
    int firstPiece = body.indexOf("\n\n", body.indexOf("SELECT")) + 2;
    // the first events arrive at once, then the server goes silent for longer than the read timeout
    server.enqueue(sse(body).newBuilder().throttleBody(firstPiece, 2, TimeUnit.SECONDS).build());

    List<String> pieces = new ArrayList<>();
    Throwable thrown = catchThrowable(() -> model.stream(ask("q"), pieces::add));

    assertThat(thrown)
        .isInstanceOf(LlmTimeoutException.class)
        .hasMessageContaining(
            "within the read timeout of 300 ms (DATABASEAI_LLM_READ_TIMEOUT_MS, between two stream events)");
    assertThat(pieces).containsExactly("SELECT");
    assertThat(server.getRequestCount()).as("text was delivered, so no retry").isEqualTo(1);
  }

  @Test
  void serverThatIgnoresStreamTrueAndSendsOneJsonAnswerIsStillRead() {
    ChatModel model = model();
    server.enqueue(json(200, completion("gpt-4o-mini", "SELECT 1", "stop", 5, 2)));

    List<String> pieces = new ArrayList<>();
    ChatResponse response = model.stream(ask("q"), pieces::add);

    assertThat(pieces).containsExactly("SELECT 1");
    assertThat(response)
        .isEqualTo(
            new ChatResponse("SELECT 1", FinishReason.STOP, new TokenUsage(5, 2), "gpt-4o-mini"));
  }

  @Test
  void placeholderKeysAreNotRedactedOutOfMessages() {
    ChatModel model = model("gpt-4o-mini", Map.of(OpenAiProvider.API_KEY, "x"));
    server.enqueue(
        json(
            400, error("max_tokens must be at least 1, got -186.", "BadRequestError", null, null)));

    assertThatThrownBy(() -> model.complete(ask("q")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("max_tokens must be at least 1, got -186.");
  }

  @Test
  void consumerFailureAbortsTheStreamWithoutRetrying() {
    ChatModel model = model();
    server.enqueue(sse(streamBody("gpt-4o-mini", List.of("SELECT", " 1"), "stop", 5, 2, true)));

    Throwable thrown =
        catchThrowable(
            () ->
                model.stream(
                    ask("q"),
                    piece -> {
                      throw new IllegalStateException("the browser went away");
                    }));

    assertThat(thrown)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the browser went away");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void finishReasonsMapToTheSharedVocabulary() {
    assertThat(OpenAiChatModel.finishReason("stop")).isEqualTo(FinishReason.STOP);
    assertThat(OpenAiChatModel.finishReason("length")).isEqualTo(FinishReason.LENGTH);
    assertThat(OpenAiChatModel.finishReason("content_filter"))
        .isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(OpenAiChatModel.finishReason("tool_calls")).isEqualTo(FinishReason.OTHER);
    assertThat(OpenAiChatModel.finishReason(null)).isEqualTo(FinishReason.OTHER);
  }

  @Test
  void programmaticBuilderMakesTheSameModelAndHidesTheKey() throws Exception {
    OpenAiProvider.ModelBuilder builder =
        OpenAiProvider.builder()
            .apiKey(KEY)
            .baseUrl(server.url("/v1").toString())
            .model("gpt-4.1-mini")
            .readTimeout(Duration.ofSeconds(5))
            .maxRetries(1);
    assertThat(builder.toString()).doesNotContain(KEY).contains("OPENAI_API_KEY");
    ChatModel model = builder.build();
    models.add(model);
    server.enqueue(json(200, completion("gpt-4.1-mini", "SELECT 1", "stop", 5, 2)));

    assertThat(model.complete(ask("q")).text()).isEqualTo("SELECT 1");
    assertThat(model.contextWindow()).hasValue(1_047_576);
    assertThat(body(take()).path("model").asText()).isEqualTo("gpt-4.1-mini");
  }

  @Test
  void unknownModelsCountApproximatelyAndSaySo() {
    ChatModel model = model("llama-3.1-8b-instruct", Map.of());

    assertThat(model.capabilities()).doesNotContain(Capability.EXACT_TOKEN_COUNT);
    assertThat(model.contextWindow()).isEmpty();
    assertThat(model.tokenCounter().count("SELECT 1")).isEqualTo(3);
  }
}
