package dev.databaseai.agent.analysis;

import dev.databaseai.dialect.error.ErrorCategory;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What went wrong with a statement and how to fix it, for a model or a person.
 *
 * @param category the shared classification
 * @param sqlState the database's SQLSTATE, or empty
 * @param vendorCode the database's own error number, or {@code 0}
 * @param message the database's own message, verbatim
 * @param identifier the offending name as written (e.g. {@code r.user_id}), if any
 * @param suggestions real names or rewrites that fit, best first; may be empty
 * @param hint one compact text naming the remedy and the real columns of the tables involved
 * @param tables the tables the failing statement touches (qualified names as the schema has them)
 */
public record Diagnosis(
    ErrorCategory category,
    String sqlState,
    int vendorCode,
    String message,
    Optional<String> identifier,
    List<String> suggestions,
    String hint,
    List<String> tables) {

  public Diagnosis {
    Objects.requireNonNull(category, "category");
    sqlState = sqlState == null ? "" : sqlState;
    message = message == null ? "" : message;
    Objects.requireNonNull(identifier, "identifier");
    suggestions = List.copyOf(suggestions);
    hint = hint == null ? "" : hint;
    tables = List.copyOf(tables);
  }
}
