package dev.databaseai.dialect.error;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A database error as the dialect understood it: the category plus everything the database said, in
 * separate fields.
 *
 * @param category the shared classification
 * @param sqlState the five-character SQLSTATE, or empty when the driver gave none
 * @param vendorCode the database's own error number ({@code 0} when it has none)
 * @param message the database's message, verbatim
 * @param detail the database's DETAIL, if any
 * @param serverHint the database's own HINT, if any
 * @param position the 1-based character position in the statement the error points at, if known
 * @param identifier the offending name as written in the SQL (e.g. {@code r.user_id}), if any
 * @param types the types the error names, in order (e.g. {@code [integer, character varying]})
 */
public record DbError(
    ErrorCategory category,
    String sqlState,
    int vendorCode,
    String message,
    Optional<String> detail,
    Optional<String> serverHint,
    OptionalInt position,
    Optional<String> identifier,
    List<String> types) {

  public DbError {
    Objects.requireNonNull(category, "category");
    sqlState = sqlState == null ? "" : sqlState;
    message = message == null ? "" : message;
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(serverHint, "serverHint");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(identifier, "identifier");
    types = List.copyOf(types);
  }

  /** A builder starting from the category and the database's message. */
  public static Builder builder(ErrorCategory category, String message) {
    return new Builder(category, message);
  }

  /** A copy with another category (for example after a closer look at the statement). */
  public DbError withCategory(ErrorCategory newCategory) {
    return new DbError(
        newCategory,
        sqlState,
        vendorCode,
        message,
        detail,
        serverHint,
        position,
        identifier,
        types);
  }

  /** Builds a {@link DbError}; every optional field starts empty. Not thread-safe. */
  public static final class Builder {
    private final ErrorCategory category;
    private final String message;
    private String sqlState = "";
    private int vendorCode;
    private String detail;
    private String serverHint;
    private Integer position;
    private String identifier;
    private List<String> types = List.of();

    private Builder(ErrorCategory category, String message) {
      this.category = Objects.requireNonNull(category, "category");
      this.message = message;
    }

    public Builder sqlState(String value) {
      this.sqlState = value;
      return this;
    }

    public Builder vendorCode(int value) {
      this.vendorCode = value;
      return this;
    }

    /** Blank values count as absent. */
    public Builder detail(String value) {
      this.detail = value;
      return this;
    }

    /** Blank values count as absent. */
    public Builder serverHint(String value) {
      this.serverHint = value;
      return this;
    }

    /** Non-positive values count as absent. */
    public Builder position(int value) {
      this.position = value;
      return this;
    }

    /** Blank values count as absent. */
    public Builder identifier(String value) {
      this.identifier = value;
      return this;
    }

    public Builder types(List<String> value) {
      this.types = value;
      return this;
    }

    public DbError build() {
      return new DbError(
          category,
          sqlState,
          vendorCode,
          message,
          present(detail),
          present(serverHint),
          position == null || position <= 0 ? OptionalInt.empty() : OptionalInt.of(position),
          present(identifier),
          types);
    }

    private static Optional<String> present(String value) {
      return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
  }
}
