package dev.databaseai.agent.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.agent.Conversation;
import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {

  private final Dialect postgres = Dialects.load().byId("postgres");

  @Test
  void firstPromptCarriesDialectNotesSchemaTurnsAndTheQuestion() {
    PromptBuilder builder = new PromptBuilder(postgres, false);
    ChatRequest request =
        builder.first(
            "and only the ones in Berlin?",
            "customers(id int PK, city varchar(80))",
            List.of(
                new Conversation.Turn(
                    "How many customers?",
                    "SELECT COUNT(*) FROM customers",
                    List.of("customers"))));

    assertThat(request.responseSchema()).isEmpty();
    List<ChatMessage> messages = request.messages();
    assertThat(messages.get(0).role()).isEqualTo(ChatMessage.Role.SYSTEM);
    assertThat(messages.get(0).content())
        .contains("PostgreSQL")
        .contains("exactly one")
        .contains("customers(id int PK");
    postgres
        .syntax()
        .promptNotes()
        .forEach(note -> assertThat(messages.get(0).content()).contains(note.strip()));
    assertThat(messages)
        .extracting(ChatMessage::role)
        .containsExactly(
            ChatMessage.Role.SYSTEM,
            ChatMessage.Role.USER,
            ChatMessage.Role.ASSISTANT,
            ChatMessage.Role.USER);
    assertThat(messages.get(2).content()).contains("SELECT COUNT(*) FROM customers");
    assertThat(messages.get(3).content()).isEqualTo("Question: and only the ones in Berlin?");
  }

  @Test
  void structuredOutputAsksForJsonThroughAResponseSchema() {
    PromptBuilder builder = new PromptBuilder(postgres, true);
    ChatRequest request =
        builder.retry("q", "t(a int)", List.of(), "SELECT \"a\" FROM t", "it failed", false);

    assertThat(request.responseSchema()).contains(PromptBuilder.SQL_SCHEMA);
    assertThat(request.messages().get(0).content())
        .contains("{\"sql\"")
        .doesNotContain(postgres.syntax().promptNotes().get(0));
    assertThat(request.messages().get(2).content())
        .isEqualTo("{\"sql\": \"SELECT \\\"a\\\" FROM t\"}");
    assertThat(new SqlExtractor().extract(request.messages().get(2).content()).sql())
        .contains("SELECT \"a\" FROM t");
  }
}
