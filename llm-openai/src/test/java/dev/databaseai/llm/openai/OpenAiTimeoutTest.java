package dev.databaseai.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmTimeoutException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The connect timeout, against a listening socket whose accept queue is full (SYNs go unanswered).
 */
class OpenAiTimeoutTest {

  @Test
  void connectTimeoutIsReportedNamingTheSetting() throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket full = new ServerSocket(0, 1, loopback)) {
      List<Socket> fillers = new ArrayList<>();
      try {
        boolean blocked = false;
        for (int i = 0; i < 16 && !blocked; i++) {
          Socket filler = new Socket();
          fillers.add(filler);
          try {
            filler.connect(new InetSocketAddress(loopback, full.getLocalPort()), 200);
          } catch (SocketTimeoutException e) {
            blocked = true;
          }
        }
        assumeTrue(
            blocked,
            "this OS accepts connections beyond the backlog; the connect timeout cannot be provoked");

        try (ChatModel model =
            new OpenAiProvider()
                .create(
                    LlmConfig.of(
                        Map.of(
                            OpenAiProvider.API_KEY, "sk-test",
                            OpenAiProvider.BASE_URL,
                                "http://"
                                    + loopback.getHostAddress()
                                    + ":"
                                    + full.getLocalPort()
                                    + "/v1",
                            LlmConfig.CONNECT_TIMEOUT_MS, "250",
                            LlmConfig.MAX_RETRIES, "0")))) {
          long start = System.nanoTime();
          Throwable thrown =
              catchThrowable(() -> model.complete(ChatRequest.of(List.of(ChatMessage.user("q")))));
          long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

          assertThat(thrown)
              .isInstanceOf(LlmTimeoutException.class)
              .hasMessageContaining("could not connect")
              .hasMessageContaining(
                  "within 250 ms (DATABASEAI_LLM_CONNECT_TIMEOUT_MS); check OPENAI_BASE_URL");
          assertThat(elapsed).isLessThan(2_000);
        }
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }
}
