package dev.databaseai.agent;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a question: the statement that worked, its rows and the trace of every attempt.
 *
 * @param sql the statement whose result this is
 * @param result its rows
 * @param attempts every attempt in order; the last one produced {@code result}
 * @param provider the chat model's provider id
 * @param model the chat model's name
 * @param elapsedMs the whole question, model and database time
 */
public record AgentAnswer(
    String sql,
    QueryResult result,
    List<Attempt> attempts,
    String provider,
    String model,
    long elapsedMs) {

  public AgentAnswer {
    Objects.requireNonNull(sql, "sql");
    Objects.requireNonNull(result, "result");
    attempts = List.copyOf(attempts);
  }
}
