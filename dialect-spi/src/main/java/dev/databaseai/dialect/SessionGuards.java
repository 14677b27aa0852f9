package dev.databaseai.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * Safety settings applied once per physical connection (for example as a pool's connection-init
 * SQL), so that no extra round trip is paid per query and hostile SQL cannot undo them for the next
 * user of a pooled connection. Immutable and thread-safe.
 */
public interface SessionGuards {

  /**
   * The statements that put a fresh connection under {@code settings}: read-only, statement
   * timeout. Executed in order, once per physical connection. Never null.
   */
  List<String> initStatements(GuardSettings settings);

  /**
   * Applies {@link #initStatements} to {@code connection} and sets the JDBC read-only flag when
   * {@code settings.readOnly()}.
   *
   * <p>A dialect may also turn auto-commit off, so that every statement runs in its own read-only
   * transaction (PostgreSQL, MySQL do). Callers therefore run one statement at a time and end its
   * transaction with {@code rollback()} afterwards; the dialect TCK checks guards that way.
   *
   * @throws SQLException when the database refuses a setting; the connection must then be discarded
   */
  default void apply(Connection connection, GuardSettings settings) throws SQLException {
    runInitStatements(connection, settings);
    if (settings.readOnly()) {
      connection.setReadOnly(true);
    }
  }

  /**
   * An {@link #apply} for dialects that run every statement in its own read-only transaction: ends
   * any open transaction, runs {@link #initStatements} in auto-commit with the JDBC read-only flag
   * off (so no later rollback undoes them, and re-applying with writes allowed undoes an earlier
   * read-only), then, for read-only settings, sets the flag and turns auto-commit off. The caller
   * ends each statement's transaction with {@code rollback()}.
   *
   * @throws SQLException when the database refuses a setting; discard the connection then
   */
  default void applyWithStatementTransactions(Connection connection, GuardSettings settings)
      throws SQLException {
    if (!connection.getAutoCommit()) {
      connection.rollback();
      connection.setAutoCommit(true);
    }
    if (!settings.readOnly() || connection.isReadOnly()) {
      connection.setReadOnly(false);
    }
    runInitStatements(connection, settings);
    if (settings.readOnly()) {
      connection.setReadOnly(true);
      connection.setAutoCommit(false);
    }
  }

  private void runInitStatements(Connection connection, GuardSettings settings)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : initStatements(settings)) {
        statement.execute(sql);
      }
    }
  }

  /**
   * Asks the database whether {@code connection}'s session currently refuses writes (not the JDBC
   * flag alone).
   *
   * @throws SQLException when the question cannot be asked
   */
  boolean isReadOnly(Connection connection) throws SQLException;

  /**
   * Functions that must never run from generated SQL (file and network access, sleeping, locking,
   * session changes), lower-case. {@code SqlGuard} refuses a statement that calls one. Never null.
   */
  Set<String> deniedFunctions();
}
