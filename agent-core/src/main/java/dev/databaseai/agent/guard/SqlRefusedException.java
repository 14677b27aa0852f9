package dev.databaseai.agent.guard;

/** Thrown by {@link SqlGuard#require(String)} when a statement may not run; carries the reason. */
public final class SqlRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  public SqlRefusedException(String reason) {
    super("SQL refused by the read-only guard: " + reason);
    this.reason = reason;
  }

  /**
   * Why the statement was refused, e.g. {@code "DELETE modifies data; only a single read-only query
   * may run"}.
   */
  public String getReason() {
    return reason;
  }
}
