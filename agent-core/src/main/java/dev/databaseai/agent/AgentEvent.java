package dev.databaseai.agent;

import dev.databaseai.agent.analysis.Diagnosis;

/**
 * One step of answering a question, as {@link AgentListener}s see it (the server streams these as
 * server-sent events named by {@link #type()}).
 */
public sealed interface AgentEvent {

  /**
   * A short stable name: {@code context}, {@code sql}, {@code executing}, {@code error}, {@code
   * retry}, {@code result}.
   */
  String type();

  /** The schema context chosen for the question. */
  record ContextChosen(ContextPreview context) implements AgentEvent {
    @Override
    public String type() {
      return "context";
    }
  }

  /** The model proposed a statement (attempts count from 1). */
  record SqlProposed(int attempt, String sql, int promptTokens) implements AgentEvent {
    @Override
    public String type() {
      return "sql";
    }
  }

  /** The statement passed the guard and is running. */
  record Executing(int attempt, String sql) implements AgentEvent {
    @Override
    public String type() {
      return "executing";
    }
  }

  /**
   * The attempt failed; the diagnosis says why (a database error, a refusal, an unusable answer, no
   * rows).
   */
  record Failed(int attempt, String sql, Diagnosis diagnosis) implements AgentEvent {
    @Override
    public String type() {
      return "error";
    }
  }

  /** Another attempt follows, for this reason, with a request of this many tokens. */
  record Retrying(int nextAttempt, String reason, int promptTokens) implements AgentEvent {
    @Override
    public String type() {
      return "retry";
    }
  }

  /** The question is answered. */
  record Answered(AgentAnswer answer) implements AgentEvent {
    @Override
    public String type() {
      return "result";
    }
  }
}
