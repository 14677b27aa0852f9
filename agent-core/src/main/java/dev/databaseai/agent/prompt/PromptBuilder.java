package dev.databaseai.agent.prompt;

import dev.databaseai.agent.Conversation;
import dev.databaseai.dialect.Dialect;
import dev.databaseai.llm.ChatMessage;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ResponseSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the chat requests of the agent: the first request (dialect notes, focused schema, earlier
 * turns, the question) and retry requests (the failing SQL and what was wrong with it). When the
 * model supports structured output the answer is constrained to {@link #SQL_SCHEMA}. Immutable and
 * thread-safe.
 */
public final class PromptBuilder {

  /** {@code {"sql": "..."}}: the answer shape requested from models with structured output. */
  public static final ResponseSchema SQL_SCHEMA =
      new ResponseSchema(
          "sql_answer",
          "{\"type\":\"object\",\"properties\":{\"sql\":{\"type\":\"string\","
              + "\"description\":\"one read-only SQL statement\"}},\"required\":[\"sql\"],"
              + "\"additionalProperties\":false}");

  private final Dialect dialect;
  private final boolean structuredOutput;

  /**
   * @param dialect supplies the display name and prompt notes
   * @param structuredOutput ask for {@code {"sql": "..."}} through a response schema
   */
  public PromptBuilder(Dialect dialect, boolean structuredOutput) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.structuredOutput = structuredOutput;
  }

  /** Whether requests carry {@link #SQL_SCHEMA}. */
  public boolean structuredOutput() {
    return structuredOutput;
  }

  /** The first request for {@code question} over {@code schemaText}, after {@code turns}. */
  public ChatRequest first(String question, String schemaText, List<Conversation.Turn> turns) {
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system(system(schemaText, true)));
    addTurns(messages, turns);
    messages.add(ChatMessage.user("Question: " + question.strip()));
    return request(messages);
  }

  /**
   * A retry request: the schema of the tables involved, the turns and question again, the failing
   * answer and {@code feedback} saying what was wrong and how to fix it.
   */
  public ChatRequest retry(
      String question,
      String schemaText,
      List<Conversation.Turn> turns,
      String failedSql,
      String feedback) {
    return retry(question, schemaText, turns, failedSql, feedback, true);
  }

  /**
   * A retry request as {@link #retry(String, String, List, String, String)}, optionally without the
   * dialect's general notes (the feedback carries the specific remedy) to stay small.
   */
  public ChatRequest retry(
      String question,
      String schemaText,
      List<Conversation.Turn> turns,
      String failedSql,
      String feedback,
      boolean withNotes) {
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(ChatMessage.system(system(schemaText, withNotes)));
    addTurns(messages, turns);
    messages.add(ChatMessage.user("Question: " + question.strip()));
    messages.add(ChatMessage.assistant(answer(failedSql)));
    messages.add(ChatMessage.user(feedback.strip() + "\nWrite one corrected statement."));
    return request(messages);
  }

  private ChatRequest request(List<ChatMessage> messages) {
    ChatRequest.Builder builder = ChatRequest.builder().messages(messages).temperature(0);
    if (structuredOutput) {
      builder.responseSchema(SQL_SCHEMA);
    }
    return builder.build();
  }

  private void addTurns(List<ChatMessage> messages, List<Conversation.Turn> turns) {
    for (Conversation.Turn turn : turns) {
      messages.add(ChatMessage.user("Question: " + turn.question().strip()));
      messages.add(ChatMessage.assistant(answer(turn.sql())));
    }
  }

  private String answer(String sql) {
    return structuredOutput
        ? "{\"sql\": \"" + SqlExtractor.jsonEscape(sql) + "\"}"
        : "```sql\n" + sql.strip() + "\n```";
  }

  private String system(String schemaText, boolean withNotes) {
    StringBuilder out = new StringBuilder();
    out.append("You write SQL for ")
        .append(dialect.displayName())
        .append(". Answer each question with exactly one ")
        .append(
            "read-only statement (SELECT or WITH … SELECT) using only the tables and columns below. ")
        .append(
            "A follow-up question refines the previous one: keep its filters unless told otherwise.\n");
    out.append(
        structuredOutput
            ? "Reply with JSON {\"sql\": \"<statement>\"} and nothing else.\n"
            : "Reply with the statement in one ```sql code block and no explanation.\n");
    List<String> notes = dialect.syntax().promptNotes();
    if (withNotes && !notes.isEmpty()) {
      out.append(dialect.displayName()).append(" notes:\n");
      for (String note : notes) {
        out.append("- ").append(note.strip()).append('\n');
      }
    }
    out.append("Schema (table(column type, … → referenced.column) -- comment):\n")
        .append(schemaText.strip());
    return out.toString();
  }
}
