package dev.databaseai.agent.guard;

/** TEMP placeholder until the analysis branch lands: a statement the guard refused. */
public final class SqlRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final String reason;

  public SqlRefusedException(String reason) {
    super("Refused: " + reason);
    this.reason = reason;
  }

  public String getReason() {
    return reason;
  }
}
