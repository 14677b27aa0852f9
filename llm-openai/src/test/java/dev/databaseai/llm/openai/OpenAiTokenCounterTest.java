package dev.databaseai.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.llm.ChatMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiTokenCounterTest {

  @Test
  void picksO200kForGpt4oFamiliesAndCl100kForGpt4AndGpt35() {
    assertThat(OpenAiTokenCounter.forModel("gpt-4o-mini").orElseThrow().encodingName())
        .isEqualTo("o200k_base");
    assertThat(OpenAiTokenCounter.forModel("gpt-4o-2024-08-06").orElseThrow().encodingName())
        .isEqualTo("o200k_base");
    assertThat(OpenAiTokenCounter.forModel("gpt-4.1-nano").orElseThrow().encodingName())
        .isEqualTo("o200k_base");
    assertThat(OpenAiTokenCounter.forModel("o3-mini").orElseThrow().encodingName())
        .isEqualTo("o200k_base");
    assertThat(
            OpenAiTokenCounter.forModel("ft:gpt-4o-mini:acme::abc123").orElseThrow().encodingName())
        .isEqualTo("o200k_base");
    assertThat(OpenAiTokenCounter.forModel("gpt-4").orElseThrow().encodingName())
        .isEqualTo("cl100k_base");
    assertThat(OpenAiTokenCounter.forModel("gpt-4-turbo").orElseThrow().encodingName())
        .isEqualTo("cl100k_base");
    assertThat(OpenAiTokenCounter.forModel("gpt-3.5-turbo").orElseThrow().encodingName())
        .isEqualTo("cl100k_base");
    assertThat(OpenAiTokenCounter.forModel("meta-llama/Llama-3.1-8B-Instruct")).isEmpty();
    assertThat(OpenAiTokenCounter.forModel("omni-moderation-latest")).isEmpty();
  }

  @Test
  void countsLikeTiktoken() {
    // reference counts from tiktoken: "Hello, world!" is 4 tokens in both encodings
    assertThat(OpenAiTokenCounter.forModel("gpt-4o").orElseThrow().count("Hello, world!"))
        .isEqualTo(4);
    assertThat(OpenAiTokenCounter.forModel("gpt-4").orElseThrow().count("Hello, world!"))
        .isEqualTo(4);
    assertThat(OpenAiTokenCounter.forModel("gpt-4o").orElseThrow().count("")).isZero();
  }

  @Test
  void specialTokenTextIsCountedAsOrdinaryText() {
    assertThat(OpenAiTokenCounter.forModel("gpt-4o").orElseThrow().count("<|endoftext|>"))
        .isGreaterThan(1);
  }

  @Test
  void approximationOverCountsSqlComparedWithTheRealTokenizer() {
    String sql =
        "SELECT c.customer_name, SUM(o.total_amount) AS revenue FROM customers c JOIN orders o ON o.customer_id ="
            + " c.id WHERE o.created_at >= DATE '2024-01-01' GROUP BY c.customer_name ORDER BY revenue DESC LIMIT 10";
    int exact = OpenAiTokenCounter.forModel("gpt-4o").orElseThrow().count(sql);
    int approximate = dev.databaseai.llm.TokenCounter.approximate().count(sql);
    assertThat(approximate).isGreaterThanOrEqualTo(exact);
  }

  @Test
  void conversationsAddPerMessageFraming() {
    OpenAiTokenCounter counter = OpenAiTokenCounter.forModel("gpt-4o").orElseThrow();
    List<ChatMessage> messages =
        List.of(ChatMessage.system("You write SQL."), ChatMessage.user("Hello, world!"));
    assertThat(counter.count(messages)).isEqualTo(3 + 4 + counter.count("You write SQL.") + 4 + 4);
  }
}
