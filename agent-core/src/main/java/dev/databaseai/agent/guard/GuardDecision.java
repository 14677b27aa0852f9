package dev.databaseai.agent.guard;

/** TEMP placeholder until the analysis branch lands: whether a statement may run. */
public record GuardDecision(boolean allowed, String reason, String statement) {

  public static GuardDecision allowed(String sql) {
    return new GuardDecision(true, "", sql);
  }

  public static GuardDecision refused(String reason) {
    return new GuardDecision(false, reason, "");
  }
}
