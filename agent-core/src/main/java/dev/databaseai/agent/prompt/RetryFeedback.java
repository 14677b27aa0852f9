package dev.databaseai.agent.prompt;

import dev.databaseai.agent.analysis.Diagnosis;
import dev.databaseai.agent.execution.ValueHint;
import java.util.List;
import java.util.stream.Collectors;

/** The text that tells a model what was wrong with its last statement. Stateless. */
public final class RetryFeedback {

  private RetryFeedback() {}

  /**
   * The database's error, the offending name, the suggested replacements and the hint, in at most
   * {@code maxChars} characters (the hint is shortened first).
   */
  public static String of(Diagnosis diagnosis, int maxChars) {
    StringBuilder head =
        new StringBuilder("The database rejected it (").append(diagnosis.category());
    if (!diagnosis.sqlState().isEmpty()) {
      head.append(", SQLSTATE ").append(diagnosis.sqlState());
    }
    head.append("): ").append(firstLine(diagnosis.message()));
    diagnosis.identifier().ifPresent(id -> head.append("\nProblem: ").append(id));
    if (!diagnosis.suggestions().isEmpty()) {
      head.append("\nUse instead: ")
          .append(
              String.join(
                  ", ",
                  diagnosis.suggestions().subList(0, Math.min(5, diagnosis.suggestions().size()))));
    }
    String hint = diagnosis.hint().isBlank() ? "" : "\nHint: " + diagnosis.hint().strip();
    return fit(head.toString(), hint, maxChars);
  }

  /** Why the answer could not be used (no SQL, several queries, refused by the guard). */
  public static String unusable(String problem) {
    return "That answer could not be used: " + problem + ".";
  }

  /** The empty result and the column's actual values closest to the literal. */
  public static String emptyResult(ValueHint hint) {
    return "The statement ran but returned no rows. It compares "
        + hint.table()
        + "."
        + hint.column()
        + " with '"
        + hint.literal()
        + "', but that column holds no such value; "
        + "its closest actual values are: "
        + hint.nearest().stream()
            .map(v -> "'" + v.replace("'", "''") + "'")
            .collect(Collectors.joining(", "))
        + ". If the question means one of them, use that exact value.";
  }

  private static String fit(String head, String tail, int maxChars) {
    if (head.length() + tail.length() <= maxChars) {
      return head + tail;
    }
    int room = maxChars - head.length();
    if (room > 20) {
      return head + tail.substring(0, room - 1) + "…";
    }
    return head.length() > maxChars ? head.substring(0, Math.max(0, maxChars - 1)) + "…" : head;
  }

  private static String firstLine(String message) {
    List<String> lines = message.strip().lines().toList();
    return lines.isEmpty() ? "" : lines.get(0);
  }
}
