package dev.databaseai.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * The earlier turns of a dialogue, so that a follow-up ("and only the ones in Berlin?") is read
 * against the previous question and its SQL. Keeps the last {@code maxTurns} turns. Thread-safe.
 */
public final class Conversation {

  /**
   * One answered question.
   *
   * @param question as the person asked it
   * @param sql the statement that answered it
   * @param tables the tables that statement used (qualified names)
   */
  public record Turn(String question, String sql, List<String> tables) {
    public Turn {
      Objects.requireNonNull(question, "question");
      Objects.requireNonNull(sql, "sql");
      tables = List.copyOf(tables);
    }
  }

  private final int maxTurns;
  private final Deque<Turn> turns = new ArrayDeque<>();

  private Conversation(int maxTurns) {
    if (maxTurns <= 0) {
      throw new IllegalArgumentException("maxTurns must be positive, was " + maxTurns);
    }
    this.maxTurns = maxTurns;
  }

  /** A new conversation keeping the last 5 turns. */
  public static Conversation create() {
    return new Conversation(5);
  }

  /** A new conversation keeping the last {@code maxTurns} turns. */
  public static Conversation keepingLast(int maxTurns) {
    return new Conversation(maxTurns);
  }

  /** Records an answered question (the agent does this after a successful {@code ask}). */
  public synchronized void add(Turn turn) {
    turns.addLast(Objects.requireNonNull(turn, "turn"));
    while (turns.size() > maxTurns) {
      turns.removeFirst();
    }
  }

  /** The kept turns, oldest first. */
  public synchronized List<Turn> turns() {
    return List.copyOf(turns);
  }

  /** Forgets every turn. */
  public synchronized void clear() {
    turns.clear();
  }
}
