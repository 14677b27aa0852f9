package dev.databaseai.dialect.mysql;

import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.SessionGuards;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Per-connection guards for MySQL 8 and MariaDB, as statements that need no connection to choose
 * them: each server reads only the part meant for it through executable comments. A MySQL version
 * comment ({@code /*!50708 …}) runs on MySQL 5.7.8 and later and is skipped by MariaDB, which
 * ignores MySQL version comments from 5.7 on; a MariaDB comment ({@code /*M!100108 …}) runs on
 * MariaDB 10.1.8 and later and is a plain comment to MySQL. So the same list works as a pool's
 * connection-init SQL for both:
 *
 * <ol>
 *   <li>{@code SET SESSION TRANSACTION READ ONLY} (when read-only): every later transaction refuses
 *       writes with error 1792, including {@code CREATE TEMPORARY TABLE} on MariaDB.
 *   <li>{@code SET SESSION sql_select_limit = maxRows + 1}, then {@code max_execution_time = ms}
 *       for MySQL (SELECT only, error 3024) and {@code max_statement_time = seconds} for MariaDB
 *       (every statement, error 1969): the row cap is one row more than {@code maxRows}, so the
 *       caller can tell a result was truncated.
 * </ol>
 *
 * <p>{@link #apply} also sets the JDBC read-only flag and turns auto-commit off, so every statement
 * runs in a transaction the caller rolls back afterwards: {@code START TRANSACTION READ WRITE},
 * {@code SET TRANSACTION READ WRITE} (next transaction only) or {@code SET autocommit = 1} from
 * hostile SQL end with that rollback, and Connector/J refuses writes on a read-only connection
 * before they reach the server.
 *
 * <p>What no MySQL or MariaDB setting can do: a session variable is not transactional, and any
 * account may run {@code SET SESSION TRANSACTION READ WRITE} or {@code SET @@SESSION.
 * transaction_read_only = 0}, which switch the session back for good. {@code SqlGuard} refuses
 * every {@code SET} statement before it reaches the server, {@link #isReadOnly} lets a pool verify
 * a connection before reuse, and the only guarantee the server itself enforces is an account with
 * the SELECT privilege alone. {@code SELECT … INTO OUTFILE} writes a file, not a table, and passes
 * a read-only session; it needs the FILE privilege, so run the agent with an account that has only
 * SELECT (the server then refuses: error 1227, or 1045 on MariaDB 11.4). Immutable and thread-safe.
 */
public final class MySqlSessionGuards implements SessionGuards {

  /** Largest {@code max_execution_time} MySQL accepts (milliseconds, 32-bit unsigned). */
  private static final long MAX_MILLIS = 4_294_967_295L;

  private static final Set<String> DENIED =
      Set.of(
          "load_file",
          "sleep",
          "benchmark",
          "get_lock",
          "release_lock",
          "release_all_locks",
          "is_free_lock",
          "is_used_lock",
          "master_pos_wait",
          "source_pos_wait",
          "master_gtid_wait",
          "wait_for_executed_gtid_set",
          "wait_until_sql_thread_after_gtids",
          "sys_exec",
          "sys_eval",
          "sys_get",
          "sys_set",
          "lib_mysqludf_sys_info");

  @Override
  public List<String> initStatements(GuardSettings settings) {
    List<String> statements = new ArrayList<>(2);
    if (settings.readOnly()) {
      statements.add("SET SESSION TRANSACTION READ ONLY");
    }
    long millis = Math.min(Math.max(settings.statementTimeout().toMillis(), 1), MAX_MILLIS);
    long rowCap = (long) settings.maxRows() + 1;
    statements.add(
        "SET SESSION sql_select_limit = "
            + rowCap
            + " /*!50708 , max_execution_time = "
            + millis
            + " */ /*M!100108 , max_statement_time = "
            + String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000)
            + " */");
    return List.copyOf(statements);
  }

  /**
   * Runs {@link #initStatements} in auto-commit mode (so no later rollback touches them), then, for
   * read-only settings, sets the JDBC read-only flag and turns auto-commit off: the caller ends
   * each statement's transaction with {@code rollback()}.
   *
   * @throws SQLException when the server refuses a setting; discard the connection then
   */
  @Override
  public void apply(Connection connection, GuardSettings settings) throws SQLException {
    applyWithStatementTransactions(connection, settings);
  }

  /**
   * Asks the server for the session's transaction access mode: the variable {@code
   * transaction_read_only} (MySQL 5.7.20+, MariaDB 11.1+), else {@code tx_read_only} (older MariaDB
   * and MySQL, which answer error 1193 for the new name).
   */
  @Override
  public boolean isReadOnly(Connection connection) throws SQLException {
    try {
      return readFlag(connection, "transaction_read_only");
    } catch (SQLException e) {
      if (e.getErrorCode() == 1193) {
        return readFlag(connection, "tx_read_only");
      }
      throw e;
    }
  }

  @Override
  public Set<String> deniedFunctions() {
    return DENIED;
  }

  private static boolean readFlag(Connection connection, String variable) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT @@SESSION." + variable)) {
      return rs.next() && rs.getLong(1) != 0;
    }
  }
}
