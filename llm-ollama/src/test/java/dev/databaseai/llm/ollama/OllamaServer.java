package dev.databaseai.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.databaseai.llm.LlmConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A local HTTP server that answers as Ollama does, and helpers to point the client at it. */
final class OllamaServer implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  final MockWebServer server = new MockWebServer();

  OllamaServer() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void enqueue(MockResponse response) {
    server.enqueue(response);
  }

  /**
   * OLLAMA_HOST and OLLAMA_MODEL for this server, retries without the production pauses (backoff
   * from 10 ms, Retry-After honoured up to 2 s), plus {@code extra} key/value pairs.
   */
  LlmConfig config(String... extra) {
    Map<String, String> values = new HashMap<>();
    values.put("OLLAMA_HOST", server.url("/").toString());
    values.put("OLLAMA_MODEL", OllamaFixtures.MODEL);
    values.put(LlmConfig.RETRY_BASE_MS, "10");
    values.put(LlmConfig.RETRY_MAX_WAIT_MS, "2000");
    for (int i = 0; i < extra.length; i += 2) {
      values.put(extra[i], extra[i + 1]);
    }
    return LlmConfig.of(values);
  }

  /** A model, after answering its /api/show with {@link OllamaFixtures#SHOW}. */
  OllamaChatModel connect(String... extra) {
    enqueue(OllamaFixtures.json(OllamaFixtures.SHOW));
    OllamaChatModel model =
        OllamaChatModel.connect(OllamaSettings.from(config(extra), OllamaFixtures.MODEL));
    take(); // the /api/show
    return model;
  }

  RecordedRequest take() {
    try {
      RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
      if (request == null) {
        throw new AssertionError("the client sent no request within 5 s");
      }
      return request;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode body(RecordedRequest request) {
    try {
      return MAPPER.readTree(request.getBody().utf8());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int requestCount() {
    return server.getRequestCount();
  }

  @Override
  public void close() {
    server.close();
  }
}
