package dev.databaseai.dialect.tck;

import java.util.List;
import java.util.Objects;

/**
 * SQL that makes a real database raise one kind of error, for the dialect TCK.
 *
 * <p>The TCK runs each trigger on a fresh connection: first {@link #setup()} statements (their
 * errors fail the test), then {@link #sql()}, whose {@link java.sql.SQLException} is handed to the
 * dialect's translator, then, whatever happened, {@link #teardown()} statements (their errors are
 * ignored). When {@link #underGuards()} is true the dialect's session guards are applied first
 * (read-only, a one-second statement timeout), so read-only and timeout errors come from the
 * dialect's own settings. The connection is rolled back and closed afterwards.
 *
 * <p>A trigger should leave nothing behind on the server: prefer session settings (undone by {@code
 * teardown}) and objects that already exist over creating accounts or roles, which outlive the test
 * database.
 *
 * @param setup statements run on the same connection before {@code sql}; may be empty
 * @param sql the statement expected to fail
 * @param underGuards whether the dialect's session guards are applied before {@code setup}
 * @param teardown statements run on the same connection after {@code sql}, even when it or {@code
 *     setup} failed (e.g. {@code RESET ROLE}, so a pooled connection goes back clean); may be empty
 */
public record ErrorTrigger(
    List<String> setup, String sql, boolean underGuards, List<String> teardown) {

  public ErrorTrigger {
    setup = List.copyOf(setup);
    Objects.requireNonNull(sql, "sql");
    teardown = List.copyOf(teardown);
  }

  /** A trigger without teardown (the form before teardown existed). */
  public ErrorTrigger(List<String> setup, String sql, boolean underGuards) {
    this(setup, sql, underGuards, List.of());
  }

  /** A trigger that is a single statement on a plain connection. */
  public static ErrorTrigger of(String sql) {
    return new ErrorTrigger(List.of(), sql, false);
  }

  /** A trigger that needs preparation on the same connection (e.g. {@code SET ROLE}). */
  public static ErrorTrigger afterSetup(List<String> setup, String sql) {
    return new ErrorTrigger(setup, sql, false);
  }

  /**
   * A trigger that needs preparation on the same connection and undoing it afterwards (e.g. {@code
   * SET ROLE …} and {@code RESET ROLE}).
   */
  public static ErrorTrigger afterSetup(List<String> setup, String sql, List<String> teardown) {
    return new ErrorTrigger(setup, sql, false, teardown);
  }

  /** A trigger run after the dialect's session guards were applied (read-only, short timeout). */
  public static ErrorTrigger underGuards(String sql) {
    return new ErrorTrigger(List.of(), sql, true);
  }
}
