package dev.databaseai.llm.ollama;

import static dev.databaseai.llm.ollama.OllamaFixtures.json;
import static dev.databaseai.llm.ollama.OllamaFixtures.ndjson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.databaseai.llm.AuthenticationException;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.InvalidRequestException;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmTimeoutException;
import dev.databaseai.llm.ModelNotFoundException;
import dev.databaseai.llm.RateLimitedException;
import dev.databaseai.llm.ServerErrorException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each way an Ollama server (or the network, or a proxy in front of it) can misbehave. */
class OllamaFailureTest {

  private final OllamaServer ollama = new OllamaServer();

  @AfterEach
  void stop() {
    ollama.close();
  }

  private static ChatRequest question() {
    return ChatRequest.of(List.of(ChatMessage.user("How many orders are there?")));
  }

  // --- timeouts ---------------------------------------------------------------------------

  @Test
  void aServerThatAcceptsNoConnectionTimesOutAfterTheConnectTimeout() throws IOException {
    // A listening socket whose accept queue is full: the kernel drops further SYNs, so a connect
    // hangs exactly as it does for a host that is up but not answering.
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> queued = fillAcceptQueue(full);
      try {
        String host = "http://127.0.0.1:" + full.getLocalPort();
        LlmConfig config =
            LlmConfig.of(
                Map.of(
                    "OLLAMA_HOST",
                    host,
                    "OLLAMA_MODEL",
                    "llama3.2",
                    LlmConfig.CONNECT_TIMEOUT_MS,
                    "300",
                    LlmConfig.MAX_RETRIES,
                    "0"));
        long start = System.nanoTime();

        assertThatThrownBy(() -> new OllamaProvider().create(config))
            .isInstanceOf(LlmTimeoutException.class)
            .hasMessageContaining("could not connect to the ollama server at " + host)
            .hasMessageContaining("within 300 ms")
            .hasMessageContaining(LlmConfig.CONNECT_TIMEOUT_MS);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      } finally {
        for (Socket socket : queued) {
          socket.close();
        }
      }
    }
  }

  private static List<Socket> fillAcceptQueue(ServerSocket server) throws IOException {
    List<Socket> queued = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Socket socket = new Socket();
      try {
        socket.connect(server.getLocalSocketAddress(), 200);
        queued.add(socket);
      } catch (SocketTimeoutException full) {
        socket.close();
        return queued;
      }
    }
    throw new IllegalStateException("could not fill the accept queue of " + server);
  }

  @Test
  void aSilentServerTimesOutAfterTheReadTimeoutAndIsRetried() {
    try (OllamaChatModel model = ollama.connect(LlmConfig.READ_TIMEOUT_MS, "200")) {
      ollama.enqueue(
          new MockResponse.Builder(json(OllamaFixtures.CHAT))
              .headersDelay(1, TimeUnit.SECONDS)
              .build());
      ollama.enqueue(json(OllamaFixtures.CHAT));

      ChatResponse response = model.complete(question());

      assertThat(response.text()).isEqualTo("SELECT count(*) FROM orders;");
      assertThat(ollama.requestCount()).isEqualTo(3); // show, the timed-out chat, the retry
    }
  }

  @Test
  void aReadTimeoutOnEveryAttemptIsAnLlmTimeoutExceptionNamingTheSetting() {
    try (OllamaChatModel model = ollama.connect(LlmConfig.READ_TIMEOUT_MS, "150")) {
      for (int i = 0; i < 3; i++) {
        ollama.enqueue(
            new MockResponse.Builder(json(OllamaFixtures.CHAT))
                .headersDelay(1, TimeUnit.SECONDS)
                .build());
      }

      LlmTimeoutException e =
          catchThrowableOfType(LlmTimeoutException.class, () -> model.complete(question()));

      assertThat(e.getMessage())
          .contains("sent nothing for 150 ms")
          .contains(LlmConfig.READ_TIMEOUT_MS);
      assertThat(e.isRetriable()).isTrue();
    }
  }

  @Test
  void aStreamThatStallsAfterTheFirstPieceTimesOutAndIsNotRestarted() {
    try (OllamaChatModel model = ollama.connect(LlmConfig.READ_TIMEOUT_MS, "300")) {
      String firstLine = OllamaFixtures.CHAT_STREAM.lines().findFirst().orElseThrow() + "\n";
      ollama.enqueue(
          new MockResponse.Builder()
              .setHeader("Content-Type", "application/x-ndjson")
              .body(OllamaFixtures.CHAT_STREAM)
              .throttleBody(firstLine.length(), 2, TimeUnit.SECONDS)
              .build());
      List<String> pieces = new ArrayList<>();

      assertThatThrownBy(() -> model.stream(question(), pieces::add))
          .isInstanceOf(LlmTimeoutException.class)
          .hasMessageContaining("sent nothing for 300 ms");
      assertThat(pieces).containsExactly("SELECT");
      assertThat(ollama.requestCount()).isEqualTo(2); // show and the one stream: no restart
    }
  }

  // --- rate limits and server errors --------------------------------------------------------

  @Test
  void waitsAsLongAsRetryAfterSaysBeforeRetryingA429() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(
          new MockResponse.Builder(json(429, "{\"error\":\"too many requests\"}"))
              .setHeader("Retry-After", "1")
              .build());
      ollama.enqueue(json(OllamaFixtures.CHAT));
      long start = System.nanoTime();

      ChatResponse response = model.complete(question());

      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThanOrEqualTo(Duration.ofMillis(990));
      assertThat(response.text()).isEqualTo("SELECT count(*) FROM orders;");
    }
  }

  @Test
  void givesUpAtOnceWhenRetryAfterExceedsTheBound() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(
          new MockResponse.Builder(json(429, "{\"error\":\"too many requests\"}"))
              .setHeader("Retry-After", "120")
              .build());
      long start = System.nanoTime();

      RateLimitedException e =
          catchThrowableOfType(RateLimitedException.class, () -> model.complete(question()));

      assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
      assertThat(e.getMessage()).contains("HTTP 429").contains("too many requests");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(ollama.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void retriesA429WithoutRetryAfterWithBackoff() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(
          json(
              429,
              "{\"error\":\"server busy, please try again.  maximum pending requests exceeded\"}"));
      ollama.enqueue(json(OllamaFixtures.CHAT));

      assertThat(model.complete(question()).text()).isEqualTo("SELECT count(*) FROM orders;");
      assertThat(ollama.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void retries5xxAndSucceedsWhenTheServerRecovers() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(
          json(500, "{\"error\":\"llama runner process has terminated: signal: killed\"}"));
      ollama.enqueue(json(503, "{\"error\":\"server busy, please try again.\"}"));
      ollama.enqueue(json(OllamaFixtures.CHAT));

      assertThat(model.complete(question()).text()).isEqualTo("SELECT count(*) FROM orders;");
      assertThat(ollama.requestCount()).isEqualTo(4);
    }
  }

  @Test
  void stopsRetrying5xxAfterMaxRetriesAndReportsTheServersWords() {
    try (OllamaChatModel model = ollama.connect()) {
      for (int i = 0; i < 4; i++) {
        ollama.enqueue(
            json(500, "{\"error\":\"llama runner process has terminated: signal: killed\"}"));
      }

      ServerErrorException e =
          catchThrowableOfType(ServerErrorException.class, () -> model.complete(question()));

      assertThat(e.getMessage())
          .contains("ollama answered HTTP 500")
          .contains("llama runner process has terminated: signal: killed");
      assertThat(ollama.requestCount()).isEqualTo(1 + 3); // show, then 1 try + 2 retries
    }
  }

  // --- authentication (a proxy in front of Ollama) -------------------------------------------

  @Test
  void a401FromAProxyIsNotRetriedAndNamesOllamaApiKeyButBlanksItsValueEvenWhenEchoed() {
    String key = "sk-proxy-secret-4242";
    try (OllamaChatModel model = ollama.connect("OLLAMA_API_KEY", key)) {
      ollama.enqueue(
          new MockResponse.Builder()
              .code(401)
              .setHeader("WWW-Authenticate", "Bearer realm=\"ollama\"")
              .setHeader("Content-Type", "text/plain")
              .body("Unauthorized: token " + key + " is not valid here")
              .build());

      AuthenticationException e =
          catchThrowableOfType(AuthenticationException.class, () -> model.complete(question()));

      assertThat(e.isRetriable()).isFalse();
      assertThat(e.getMessage())
          .contains("HTTP 401")
          .contains("token [OLLAMA_API_KEY] is not valid here")
          .contains("refused OLLAMA_API_KEY")
          .doesNotContain(key);
      assertThat(ollama.requestCount()).isEqualTo(2);
      assertThat(ollama.take().getHeaders().get("Authorization")).isEqualTo("Bearer " + key);
      assertThat(model.toString()).doesNotContain(key);
    }
  }

  @Test
  void a403IsNotRetriedAndSaysAKeyIsNeededWhenNoneIsSet() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(json(403, "{\"error\":\"forbidden\"}"));

      assertThatThrownBy(() -> model.complete(question()))
          .isInstanceOf(AuthenticationException.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("set OLLAMA_API_KEY");
      assertThat(ollama.requestCount()).isEqualTo(2);
      assertThat(ollama.take().getHeaders().get("Authorization")).isNull();
    }
  }

  // --- malformed and truncated answers ----------------------------------------------------

  @Test
  void truncatedJsonIsAServerErrorThatIsRetried() {
    try (OllamaChatModel model = ollama.connect()) {
      String truncated = OllamaFixtures.CHAT.substring(0, OllamaFixtures.CHAT.indexOf("orders"));
      ollama.enqueue(json(truncated));
      ollama.enqueue(json(OllamaFixtures.CHAT));

      assertThat(model.complete(question()).text()).isEqualTo("SELECT count(*) FROM orders;");
      assertThat(ollama.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void malformedJsonOnEveryAttemptSaysSo() {
    try (OllamaChatModel model = ollama.connect()) {
      for (int i = 0; i < 3; i++) {
        ollama.enqueue(
            new MockResponse.Builder()
                .setHeader("Content-Type", "text/html")
                .body("<html><body>502 Bad Gateway</body></html>")
                .build());
      }

      assertThatThrownBy(() -> model.complete(question()))
          .isInstanceOf(ServerErrorException.class)
          .hasMessageContaining("api/chat")
          .hasMessageContaining("malformed or truncated JSON")
          .hasMessageContaining("502 Bad Gateway");
    }
  }

  @Test
  void anAnswerWithoutMessageContentIsAServerError() {
    try (OllamaChatModel model = ollama.connect()) {
      String noMessage =
          "{\"model\":\"llama3.2\",\"created_at\":\"2023-12-12T14:13:43.416799Z\",\"done\":true}";
      for (int i = 0; i < 3; i++) {
        ollama.enqueue(json(noMessage));
      }

      assertThatThrownBy(() -> model.complete(question()))
          .isInstanceOf(ServerErrorException.class)
          .hasMessageContaining("without message.content");
    }
  }

  @Test
  void aTruncatedNdjsonLineFailsTheStreamWithoutRestartingIt() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(ndjson(OllamaFixtures.CHAT_STREAM_TRUNCATED_LINE));
      List<String> pieces = new ArrayList<>();

      assertThatThrownBy(() -> model.stream(question(), pieces::add))
          .isInstanceOf(ServerErrorException.class)
          .hasMessageContaining("malformed or truncated JSON");
      assertThat(pieces).containsExactly("SELECT");
      assertThat(ollama.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void twoObjectsRunTogetherOnOneNdjsonLineAreMalformedNotHalfRead() {
    try (OllamaChatModel model = ollama.connect()) {
      List<String> lines = OllamaFixtures.CHAT_STREAM.lines().toList();
      String joined = lines.get(0) + lines.get(1) + "\n" + String.join("\n", lines.subList(2, 4));
      for (int i = 0; i < 3; i++) {
        ollama.enqueue(ndjson(joined));
      }
      List<String> pieces = new ArrayList<>();

      assertThatThrownBy(() -> model.stream(question(), pieces::add))
          .isInstanceOf(ServerErrorException.class)
          .hasMessageContaining("malformed or truncated JSON");
      assertThat(pieces).isEmpty();
      assertThat(ollama.requestCount()).as("nothing delivered, so retried").isEqualTo(1 + 3);
    }
  }

  @Test
  void aStreamThatEndsWithoutDoneTrueIsIncomplete() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(ndjson(OllamaFixtures.CHAT_STREAM_WITHOUT_DONE));
      List<String> pieces = new ArrayList<>();

      assertThatThrownBy(() -> model.stream(question(), pieces::add))
          .isInstanceOf(ServerErrorException.class)
          .hasMessageContaining("without the final \"done\": true line")
          .hasMessageContaining("3 lines and 28 characters");
      assertThat(pieces).containsExactly("SELECT", " count(*)", " FROM orders;");
      assertThat(ollama.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void aConnectionClosedMidStreamIsAServerError() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(
          new MockResponse.Builder()
              .setHeader("Content-Type", "application/x-ndjson")
              .body(OllamaFixtures.CHAT_STREAM)
              .onResponseBody(new SocketEffect.CloseSocket())
              .build());
      List<String> pieces = new ArrayList<>();

      assertThatThrownBy(() -> model.stream(question(), pieces::add))
          .isInstanceOf(ServerErrorException.class)
          .hasMessageContaining("api/chat");
      assertThat(String.join("", pieces)).isIn("", "SELECT", "SELECT count(*)");
    }
  }

  @Test
  void anErrorLineInTheStreamFailsWithOllamasMessage() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(ndjson(OllamaFixtures.CHAT_STREAM_ERROR_LINE));

      assertThatThrownBy(() -> model.stream(question(), piece -> {}))
          .isInstanceOf(ServerErrorException.class)
          .hasMessageContaining("reported an error after 6 characters")
          .hasMessageContaining("unexpected EOF");
      assertThat(ollama.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void aStreamThatFailsBeforeItsFirstPieceIsRetried() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(json(503, "{\"error\":\"server busy, please try again.\"}"));
      ollama.enqueue(ndjson(OllamaFixtures.CHAT_STREAM));
      List<String> pieces = new ArrayList<>();

      ChatResponse response = model.stream(question(), pieces::add);

      assertThat(pieces).containsExactly("SELECT", " count(*)", " FROM orders;");
      assertThat(response.text()).isEqualTo("SELECT count(*) FROM orders;");
      assertThat(ollama.requestCount()).isEqualTo(3);
    }
  }

  @Test
  void aServerThatIsNotOllamaAnswering404AsksWhetherOllamaHostIsRight() {
    try (OllamaChatModel model = ollama.connect()) {
      // Go's net/http answer for an unknown path, as a wrong OLLAMA_HOST path produces
      ollama.enqueue(
          new MockResponse.Builder()
              .code(404)
              .setHeader("Content-Type", "text/plain; charset=utf-8")
              .body("404 page not found\n")
              .build());

      assertThatThrownBy(() -> model.complete(question()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("HTTP 404")
          .hasMessageContaining("404 page not found")
          .hasMessageContaining("an Ollama server? Check OLLAMA_HOST and its path");
      assertThat(ollama.requestCount()).isEqualTo(2);
    }
  }

  // --- unknown model and unreachable server -------------------------------------------------

  @Test
  void anUnknownModelAtCreateSaysOllamaPullAndListsTheLocalModels() {
    ollama.enqueue(json(404, OllamaFixtures.SHOW_MODEL_NOT_FOUND));
    ollama.enqueue(json(OllamaFixtures.TAGS));

    assertThatThrownBy(() -> new OllamaProvider().create(ollama.config()))
        .isInstanceOf(ModelNotFoundException.class)
        .hasMessageContaining("has no model 'llama3.2'")
        .hasMessageContaining("`ollama pull llama3.2`")
        .hasMessageContaining("OLLAMA_MODEL to one it has: [codellama:13b, qwen2.5-coder:7b]");
    assertThat(ollama.take().getUrl().encodedPath()).isEqualTo("/api/show");
    assertThat(ollama.take().getUrl().encodedPath()).isEqualTo("/api/tags");
    assertThat(ollama.requestCount()).isEqualTo(2);
  }

  @Test
  void aModelDeletedAfterCreateFailsTheChatWithOllamaPullAndNoRetry() {
    try (OllamaChatModel model = ollama.connect()) {
      ollama.enqueue(json(404, OllamaFixtures.CHAT_MODEL_NOT_FOUND));

      ModelNotFoundException e =
          catchThrowableOfType(ModelNotFoundException.class, () -> model.complete(question()));

      assertThat(e.getMessage())
          .contains("`ollama pull llama3.2`")
          .contains("model \"llama3.2\" not found, try pulling it first");
      assertThat(e.isRetriable()).isFalse();
      assertThat(ollama.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void aServerThatIsNotRunningIsReportedWithHowToStartIt() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    LlmConfig config =
        LlmConfig.of(
            Map.of(
                "OLLAMA_HOST",
                "127.0.0.1:" + port,
                "OLLAMA_MODEL",
                "llama3.2",
                LlmConfig.MAX_RETRIES,
                "0"));

    assertThatThrownBy(() -> new OllamaProvider().create(config))
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining(
            "could not connect to the ollama server at http://127.0.0.1:" + port + "/")
        .hasMessageContaining("ollama serve")
        .hasMessageContaining("OLLAMA_HOST");
  }
}
