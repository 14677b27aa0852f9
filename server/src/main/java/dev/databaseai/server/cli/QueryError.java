package dev.databaseai.server.cli;

import java.util.List;
import java.util.Objects;

/**
 * Why a statement failed, as a person or a script needs it: the shared error category, the
 * database's own message, the remedy and the names that fit.
 *
 * @param category an error category such as {@code UNDEFINED_COLUMN}, or {@code OTHER}
 * @param message the database's (or the guard's) own message
 * @param hint one compact text naming the remedy, or empty
 * @param suggestions real names or rewrites that fit, best first; may be empty
 */
public record QueryError(String category, String message, String hint, List<String> suggestions) {

  public QueryError {
    category = category == null || category.isBlank() ? "OTHER" : category;
    message = message == null ? "" : message;
    hint = hint == null ? "" : hint;
    suggestions = List.copyOf(suggestions);
  }

  /** An error with a category and message only. */
  public static QueryError of(String category, String message) {
    return new QueryError(category, message, "", List.of());
  }

  /** A one-line summary: {@code CATEGORY: message}. */
  public String summary() {
    return category + ": " + Objects.requireNonNullElse(message, "").strip();
  }
}
