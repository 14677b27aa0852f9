package dev.databaseai.llm.vllm;

import static dev.databaseai.llm.vllm.VllmFixtures.card;
import static dev.databaseai.llm.vllm.VllmFixtures.completion;
import static dev.databaseai.llm.vllm.VllmFixtures.json;
import static dev.databaseai.llm.vllm.VllmFixtures.models;
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
import dev.databaseai.llm.ContextLengthExceededException;
import dev.databaseai.llm.InvalidConfigurationException;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmProviders;
import dev.databaseai.llm.ModelNotFoundException;
import dev.databaseai.llm.ResponseSchema;
import dev.databaseai.llm.ServerErrorException;
import dev.databaseai.llm.openai.OpenAiProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * vLLM-specific behaviour beyond the TCK, against a local server speaking vLLM's OpenAI-compatible
 * API.
 */
class VllmProviderTest {

  private static final String LLAMA = "meta-llama/Llama-3.1-8B-Instruct";
  private static final String QWEN = "Qwen/Qwen2.5-Coder-7B-Instruct";
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"sql\":{\"type\":\"string\"}},\"required\":[\"sql\"]}";
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

  private ChatModel create(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put(VllmProvider.BASE_URL, server.url("/").toString());
    settings.put(LlmConfig.RETRY_BASE_MS, "5");
    settings.putAll(extra);
    ChatModel model = new VllmProvider().create(LlmConfig.of(settings));
    models.add(model);
    return model;
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    return request;
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.of(List.of(ChatMessage.user(text)));
  }

  @Test
  void learnsTheOnlyServedModelAndItsContextWindowFromV1Models() throws Exception {
    server.enqueue(json(200, models(List.of(LLAMA), 8192)));

    ChatModel model = create(Map.of());

    assertThat(model.providerId()).isEqualTo("vllm");
    assertThat(model.modelName()).isEqualTo(LLAMA);
    assertThat(model.contextWindow()).hasValue(8192);
    assertThat(model.capabilities())
        .contains(Capability.STREAMING, Capability.STRUCTURED_OUTPUT)
        .doesNotContain(Capability.EXACT_TOKEN_COUNT);
    RecordedRequest listing = take();
    assertThat(listing.getMethod()).isEqualTo("GET");
    assertThat(listing.getUrl().encodedPath()).isEqualTo("/v1/models");
  }

  @Test
  void acceptsTheBaseUrlWithOrWithoutV1() {
    assertThat(VllmProvider.withV1(HttpUrl.get("http://gpu:8000")))
        .hasToString("http://gpu:8000/v1");
    assertThat(VllmProvider.withV1(HttpUrl.get("http://gpu:8000/")))
        .hasToString("http://gpu:8000/v1");
    assertThat(VllmProvider.withV1(HttpUrl.get("http://gpu:8000/v1")))
        .hasToString("http://gpu:8000/v1");
    assertThat(VllmProvider.withV1(HttpUrl.get("http://gpu:8000/v1/")))
        .hasToString("http://gpu:8000/v1");
    assertThat(VllmProvider.withV1(HttpUrl.get("https://proxy.example/vllm/")))
        .hasToString("https://proxy.example/vllm/v1");
  }

  @Test
  void baseUrlEndingInV1PostsChatToV1ChatCompletions() throws Exception {
    server.enqueue(json(200, models(List.of(LLAMA), 8192)));
    server.enqueue(json(200, completion(LLAMA, "SELECT 1", "stop", 10, 2)));

    ChatModel model = create(Map.of(VllmProvider.BASE_URL, server.url("/v1/").toString()));
    model.complete(ask("q"));

    assertThat(take().getUrl().encodedPath()).isEqualTo("/v1/models");
    RecordedRequest chat = take();
    assertThat(chat.getUrl().encodedPath()).isEqualTo("/v1/chat/completions");
    assertThat(JSON.readTree(chat.getBody().utf8()).path("model").asText()).isEqualTo(LLAMA);
  }

  @Test
  void severalServedModelsWithoutVllmModelIsAnErrorListingThem() {
    server.enqueue(json(200, models(List.of(LLAMA, QWEN), 32768)));

    assertThatThrownBy(() -> create(Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessage(
            "VLLM_MODEL is not set and the vllm server at "
                + server.url("/v1")
                + " serves 2 models: ["
                + LLAMA
                + ", "
                + QWEN
                + "]. Set VLLM_MODEL to one of them.");
  }

  @Test
  void noServedModelIsAnErrorSayingToWait() {
    server.enqueue(json(200, "{\"object\":\"list\",\"data\":[]}"));

    assertThatThrownBy(() -> create(Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageEndingWith(
            "lists no models at /v1/models; wait until it has loaded its model, or check VLLM_BASE_URL");
  }

  @Test
  void unservedVllmModelIsModelNotFoundListingWhatIsServed() {
    server.enqueue(json(200, models(List.of(LLAMA), 8192)));

    assertThatThrownBy(
            () -> create(Map.of(VllmProvider.MODEL, "mistralai/Mistral-7B-Instruct-v0.3")))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining(
            "does not serve model 'mistralai/Mistral-7B-Instruct-v0.3' (VLLM_MODEL)")
        .hasMessageContaining("Served models: [" + LLAMA + "]");
  }

  @Test
  void loraAdapterIsChosenByNameWithItsBaseModelsWindow() {
    server.enqueue(
        json(
            200,
            VllmFixtures.modelList(
                List.of(
                    card(LLAMA, OptionalInt.of(16384), null),
                    card("sql-lora", OptionalInt.of(16384), LLAMA)))));

    ChatModel model = create(Map.of(VllmProvider.MODEL, "sql-lora"));

    assertThat(model.modelName()).isEqualTo("sql-lora");
    assertThat(model.contextWindow()).hasValue(16384);
  }

  @Test
  void serverWithoutMaxModelLenLeavesTheContextWindowUnknown() {
    server.enqueue(
        json(200, VllmFixtures.modelList(List.of(card(LLAMA, OptionalInt.empty(), null)))));

    assertThat(create(Map.of()).contextWindow()).isEmpty();
  }

  @Test
  void apiKeyIsOptionalAndSentAsBearerWhenSet() throws Exception {
    server.enqueue(json(200, models(List.of(LLAMA), 8192)));
    create(Map.of());
    assertThat(take().getHeaders().get("Authorization")).isNull();

    server.enqueue(json(200, models(List.of(LLAMA), 8192)));
    create(Map.of(VllmProvider.API_KEY, "token-abc123"));
    assertThat(take().getHeaders().get("Authorization")).isEqualTo("Bearer token-abc123");
  }

  @Test
  void refusedKeyFailsAtCreateNamingVllmApiKey() {
    server.enqueue(json(401, "{\"error\":\"Unauthorized\"}"));

    assertThatThrownBy(() -> create(Map.of()))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("vllm answered HTTP 401")
        .hasMessageEndingWith("(no key was sent; set VLLM_API_KEY)");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void gatewayWithoutV1ModelsIsToleratedWhenVllmModelIsSet() throws Exception {
    server.enqueue(json(404, "{\"detail\":\"Not Found\"}"));
    server.enqueue(json(200, completion(LLAMA, "SELECT 1", "stop", 10, 2)));

    ChatModel model = create(Map.of(VllmProvider.MODEL, LLAMA));

    assertThat(model.contextWindow()).isEmpty();
    assertThat(model.complete(ask("q")).text()).isEqualTo("SELECT 1");
  }

  @Test
  void gatewayWithoutV1ModelsAndNoVllmModelIsAnErrorSayingWhatToSet() {
    server.enqueue(json(404, "{\"detail\":\"Not Found\"}"));

    assertThatThrownBy(() -> create(Map.of()))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageStartingWith(
            "VLLM_MODEL is not set and the server at "
                + server.url("/v1")
                + " does not list its models")
        .hasMessageEndingWith("; set VLLM_MODEL or point VLLM_BASE_URL at the vLLM server itself");
  }

  @Test
  void modelsAnswerThatIsNoModelListSaysSo() {
    server.enqueue(json(200, "{\"status\":\"ok\"}"));

    assertThatThrownBy(() -> create(Map.of(LlmConfig.MAX_RETRIES, "0")))
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("/v1/models without a 'data' array; is VLLM_BASE_URL a vLLM server?");
  }

  @Test
  void contextOverflowBecomesContextLengthExceededWithLimitAndRequested() {
    server.enqueue(json(200, models(List.of(LLAMA), 4096)));
    // vLLM <= 0.8 sends its ErrorResponse at the top level
    server.enqueue(
        json(
            400,
            VllmFixtures.legacyError(
                "This model's maximum context length is 4096 tokens. However, you requested 4600 tokens (4000 in the"
                    + " messages, 600 in the completion). Please reduce the length of the messages or completion.",
                "BadRequestError",
                400)));
    ChatModel model = create(Map.of());

    Throwable thrown = catchThrowable(() -> model.complete(ask("a very long question")));

    assertThat(thrown)
        .isInstanceOf(ContextLengthExceededException.class)
        .hasMessageContaining("vllm answered HTTP 400")
        .hasMessageEndingWith(
            "[limit 4096 tokens, requested 4600 tokens; shorten the prompt or lower maxTokens]");
    assertThat(((ContextLengthExceededException) thrown).limit()).isEqualTo(4096);
    assertThat(((ContextLengthExceededException) thrown).requested()).isEqualTo(4600);
    assertThat(server.getRequestCount()).as("not retried").isEqualTo(2);
  }

  @Test
  void newerOverflowWordingWithoutTheWordsContextLengthIsRecognisedToo() {
    server.enqueue(json(200, models(List.of(LLAMA), 32768)));
    server.enqueue(
        json(
            400,
            VllmFixtures.error(
                "max_tokens=40000 cannot be greater than max_model_len=32768.",
                "BadRequestError",
                400)));
    ChatModel model = create(Map.of());

    Throwable thrown =
        catchThrowable(
            () ->
                model.complete(
                    ChatRequest.builder().message(ChatMessage.user("q")).maxTokens(40000).build()));

    assertThat(thrown).isInstanceOf(ContextLengthExceededException.class);
    assertThat(((ContextLengthExceededException) thrown).limit()).isEqualTo(32768);
    assertThat(((ContextLengthExceededException) thrown).requested()).isEqualTo(40000);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          vLLM <= 0.10 total | This model's maximum context length is 16384 tokens. However, you requested 122946 tokens (112946 in the messages, 10000 in the completion). Please reduce the length of the messages or completion. | 16384 | 122946
          vLLM <= 0.10 prompt | This model's maximum context length is 2048 tokens. However, you requested 2100 tokens in the messages, Please reduce the length of the messages. | 2048 | 2100
          vLLM 0.11-0.15 total | 'max_tokens' or 'max_completion_tokens' is too large: 8000. This model's maximum context length is 4096 tokens and your request has 2778 input tokens (8000 > 4096 - 2778). | 4096 | 10778
          vLLM 0.11-0.15 prompt | This model's maximum context length is 32768 tokens. However, your request has 40000 input tokens. Please reduce the length of the input messages. | 32768 | 40000
          vLLM 0.16-0.17 total | You passed 30721 input tokens and requested 2048 output tokens. However, the model's context length is only 32768 tokens, resulting in a maximum input length of 30720 tokens. Please reduce the length of the input prompt. (parameter=input_tokens, value=30721) | 32768 | 32769
          vLLM 0.16-0.17 characters | You passed 140000 input characters and requested 1024 output tokens. However, the model's context length is only 32768 tokens. Please reduce the length of the input prompt. | 32768 | -1
          vLLM >= 0.18 total | This model's maximum context length is 32768 tokens. However, you requested 8192 output tokens and your prompt contains at least 24577 input tokens, for a total of at least 32769 tokens. Please reduce the length of the input prompt or the number of requested output tokens. (parameter=input_tokens, value=24577) | 32768 | 32769
          engine check | The decoder prompt (length 5000) is longer than the maximum model length of 4096. Make sure that `max_model_len` is no smaller than the number of text tokens. | 4096 | 5000
          max_tokens over the window | max_tokens=40000 cannot be greater than max_model_len=32768. Please request fewer output tokens. | 32768 | 40000
          """)
  void readsTheNumbersOutOfEveryVllmWording(
      String release, String message, int limit, int requested) {
    assertThat(VllmContextErrors.parse(message))
        .as(release)
        .contains(new VllmContextErrors.Overflow(limit, requested));
  }

  @Test
  void otherBadRequestsAreLeftAlone() {
    assertThat(VllmContextErrors.parse("temperature must be non-negative, got -1.0.")).isEmpty();
  }

  @Test
  void structuredOutputUsesResponseFormatByDefault() throws Exception {
    JsonNode body = sentStructured(Map.of());
    assertThat(body.path("response_format").path("json_schema").path("schema"))
        .isEqualTo(JSON.readTree(SCHEMA));
    assertThat(body.has("guided_json")).isFalse();
  }

  @Test
  void structuredOutputCanUseStructuredOutputsOrGuidedJson() throws Exception {
    JsonNode modern = sentStructured(Map.of(VllmProvider.STRUCTURED_OUTPUT, "structured_outputs"));
    assertThat(modern.path("structured_outputs").path("json")).isEqualTo(JSON.readTree(SCHEMA));
    assertThat(modern.has("response_format")).isFalse();

    JsonNode legacy = sentStructured(Map.of(VllmProvider.STRUCTURED_OUTPUT, "guided_json"));
    assertThat(legacy.path("guided_json")).isEqualTo(JSON.readTree(SCHEMA));
    assertThat(legacy.has("response_format")).isFalse();
  }

  @Test
  void structuredOutputNoneDeclaresNoCapability() {
    server.enqueue(json(200, models(List.of(LLAMA), 8192)));
    assertThat(create(Map.of(VllmProvider.STRUCTURED_OUTPUT, "none")).capabilities())
        .doesNotContain(Capability.STRUCTURED_OUTPUT);
  }

  @Test
  void rejectedGuidedDecodingFallsBackToPlainText() throws Exception {
    server.enqueue(json(200, models(List.of(LLAMA), 8192)));
    server.enqueue(
        json(
            400,
            VllmFixtures.error(
                "guided_json is not supported by the xgrammar backend: unsupported keyword 'patternProperties'",
                "BadRequestError",
                400)));
    server.enqueue(json(200, completion(LLAMA, "{\"sql\":\"SELECT 1\"}", "stop", 20, 8)));
    ChatModel model = create(Map.of(VllmProvider.STRUCTURED_OUTPUT, "guided_json"));
    take();

    assertThat(model.complete(structuredRequest()).text()).isEqualTo("{\"sql\":\"SELECT 1\"}");

    assertThat(JSON.readTree(take().getBody().utf8()).has("guided_json")).isTrue();
    assertThat(JSON.readTree(take().getBody().utf8()).has("guided_json")).isFalse();
  }

  @Test
  void unknownModelAtChatTimeIsModelNotFound() {
    server.enqueue(json(200, models(List.of(LLAMA), 8192)));
    server.enqueue(
        json(
            404,
            VllmFixtures.legacyError(
                "The model `" + LLAMA + "` does not exist.", "NotFoundError", 404)));
    ChatModel model = create(Map.of());

    assertThatThrownBy(() -> model.complete(ask("q")))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void autoSelectionPrefersAConfiguredVllmOverAnOpenAiKey() {
    LlmProviders registry = LlmProviders.load(getClass().getClassLoader());
    LlmConfig both =
        LlmConfig.of(
            Map.of(OpenAiProvider.API_KEY, "sk-x", VllmProvider.BASE_URL, "http://gpu:8000"));

    assertThat(registry.select(LlmProviders.AUTO, both))
        .hasValueSatisfying(p -> assertThat(p.id()).isEqualTo("vllm"));
    assertThat(
            registry.select(
                LlmProviders.AUTO, LlmConfig.of(Map.of(OpenAiProvider.API_KEY, "sk-x"))))
        .hasValueSatisfying(p -> assertThat(p.id()).isEqualTo("openai"));
  }

  private JsonNode sentStructured(Map<String, String> settings) throws Exception {
    server.enqueue(json(200, models(List.of(LLAMA), 8192)));
    server.enqueue(json(200, completion(LLAMA, "{\"sql\":\"SELECT 1\"}", "stop", 20, 8)));
    ChatModel model = create(settings);
    take();
    model.complete(structuredRequest());
    return JSON.readTree(take().getBody().utf8());
  }

  private static ChatRequest structuredRequest() {
    return ChatRequest.builder()
        .message(ChatMessage.user("q"))
        .responseSchema(new ResponseSchema("sql_answer", SCHEMA))
        .build();
  }
}
