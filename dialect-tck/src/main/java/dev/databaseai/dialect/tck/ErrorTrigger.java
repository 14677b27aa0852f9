package dev.databaseai.dialect.tck;

import java.util.List;
import java.util.Objects;

/**
 * SQL that makes a real database raise one kind of error, for the dialect TCK.
 *
 * <p>The TCK runs each trigger on a fresh connection: first {@link #setup()} statements (their
 * errors fail the test), then {@link #sql()}, whose {@link java.sql.SQLException} is handed to the
 * dialect's translator. When {@link #underGuards()} is true the dialect's session guards are
 * applied first (read-only, a one-second statement timeout), so read-only and timeout errors come
 * from the dialect's own settings. The connection is rolled back and closed afterwards.
 *
 * @param setup statements run on the same connection before {@code sql}; may be empty
 * @param sql the statement expected to fail
 * @param underGuards whether the dialect's session guards are applied before {@code setup}
 */
public record ErrorTrigger(List<String> setup, String sql, boolean underGuards) {

  public ErrorTrigger {
    setup = List.copyOf(setup);
    Objects.requireNonNull(sql, "sql");
  }

  /** A trigger that is a single statement on a plain connection. */
  public static ErrorTrigger of(String sql) {
    return new ErrorTrigger(List.of(), sql, false);
  }

  /** A trigger that needs preparation on the same connection (e.g. {@code SET ROLE}). */
  public static ErrorTrigger afterSetup(List<String> setup, String sql) {
    return new ErrorTrigger(setup, sql, false);
  }

  /** A trigger run after the dialect's session guards were applied (read-only, short timeout). */
  public static ErrorTrigger underGuards(String sql) {
    return new ErrorTrigger(List.of(), sql, true);
  }
}
