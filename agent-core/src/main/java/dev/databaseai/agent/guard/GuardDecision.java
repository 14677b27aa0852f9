package dev.databaseai.agent.guard;

import java.util.Objects;

/**
 * The verdict of {@link SqlGuard} on one piece of SQL.
 *
 * @param allowed whether the statement may be sent to the database
 * @param reason why it was refused (names the statement class or construct); empty when allowed
 * @param statement the single statement to execute (trimmed, without a trailing semicolon); empty
 *     when refused
 */
public record GuardDecision(boolean allowed, String reason, String statement) {

  public GuardDecision {
    reason = reason == null ? "" : reason;
    statement = statement == null ? "" : statement;
  }

  /** An allowed statement. */
  public static GuardDecision allowed(String sql) {
    return new GuardDecision(true, "", Objects.requireNonNull(sql, "sql"));
  }

  /** A refusal naming the reason. */
  public static GuardDecision refused(String reason) {
    return new GuardDecision(false, Objects.requireNonNull(reason, "reason"), "");
  }
}
