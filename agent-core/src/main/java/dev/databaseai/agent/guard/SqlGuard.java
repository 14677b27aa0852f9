package dev.databaseai.agent.guard;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** TEMP placeholder until the analysis branch lands: single read-only statement, no denied function. */
public final class SqlGuard {

  private static final Pattern QUERY = Pattern.compile("(?is)^\\s*(\\(\\s*)*(SELECT|WITH|VALUES)\\b.*");
  private static final Pattern WRITE =
      Pattern.compile("(?i)\\b(INSERT|UPDATE|DELETE|MERGE|DROP|ALTER|CREATE|TRUNCATE|GRANT|REVOKE|COPY|CALL|SET)\\b");
  private final Set<String> deniedFunctions;

  public SqlGuard(Set<String> deniedFunctions) {
    this.deniedFunctions = Set.copyOf(deniedFunctions);
  }

  public GuardDecision check(String sql) {
    String s = sql.strip();
    if (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1);
    }
    if (s.contains(";")) {
      return GuardDecision.refused("more than one statement");
    }
    if (!QUERY.matcher(s).matches()) {
      return GuardDecision.refused("only SELECT statements may run");
    }
    if (WRITE.matcher(s.replaceAll("'[^']*'", "''")).find()) {
      return GuardDecision.refused("the statement writes or changes the session");
    }
    for (String f : deniedFunctions) {
      if (Pattern.compile("(?i)\\b" + Pattern.quote(f) + "\\s*\\(").matcher(s).find()) {
        return GuardDecision.refused("function " + f.toLowerCase(Locale.ROOT) + " is not allowed");
      }
    }
    return GuardDecision.allowed(s);
  }

  public void require(String sql) {
    GuardDecision decision = check(sql);
    if (!decision.allowed()) {
      throw new SqlRefusedException(decision.reason());
    }
  }
}
