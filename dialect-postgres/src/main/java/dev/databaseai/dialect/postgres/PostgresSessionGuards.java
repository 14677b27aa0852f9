package dev.databaseai.dialect.postgres;

import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.SessionGuards;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * PostgreSQL's guards, in two layers. {@link #initStatements} make the session read-only by default
 * ({@code SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY}) and set {@code statement_timeout}
 * and {@code idle_in_transaction_session_timeout}. {@link #apply} also turns the connection into
 * one that runs every statement in its own read-only transaction: JDBC read-only plus auto-commit
 * off, which pgjdbc turns into {@code BEGIN READ ONLY} before each transaction.
 *
 * <p>Why both: a session setting is only a default that SQL can change ({@code SET SESSION
 * CHARACTERISTICS AS TRANSACTION READ WRITE}, {@code RESET ALL}). With {@link #apply}, such a
 * statement runs inside a read-only transaction that the caller rolls back after the statement
 * (nothing read-only needs committing), and PostgreSQL undoes {@code SET} on rollback; the next
 * transaction starts with {@code BEGIN READ ONLY} again whatever the session default says. {@code
 * SqlGuard} refuses {@code SET} before it reaches the database in the first place. Immutable and
 * thread-safe.
 */
public final class PostgresSessionGuards implements SessionGuards {

  /** A transaction left open longer than this (the caller forgot to end it) ends the session. */
  static final Duration MIN_IDLE_IN_TRANSACTION = Duration.ofMinutes(1);

  private static final Set<String> DENIED =
      Set.of(
          // files and the server's file system
          "pg_read_file",
          "pg_read_binary_file",
          "pg_ls_dir",
          "pg_stat_file",
          "pg_ls_logdir",
          "pg_ls_waldir",
          "pg_ls_tmpdir",
          "pg_ls_archive_statusdir",
          "pg_file_write",
          "pg_file_rename",
          "pg_file_unlink",
          "pg_logdir_ls",
          // large objects (lo_import / lo_export read and write server files)
          "lo_import",
          "lo_export",
          "lo_create",
          "lo_creat",
          "lo_unlink",
          "lo_open",
          "lo_put",
          "lo_get",
          "lo_from_bytea",
          "lo_truncate",
          "lo_truncate64",
          "lowrite",
          "loread",
          "lo_close",
          // other databases and the network
          "dblink",
          "dblink_exec",
          "dblink_connect",
          "dblink_connect_u",
          "dblink_send_query",
          "dblink_get_result",
          "dblink_open",
          "dblink_fetch",
          "dblink_disconnect",
          // other sessions and the server
          "pg_terminate_backend",
          "pg_cancel_backend",
          "pg_reload_conf",
          "pg_rotate_logfile",
          "pg_promote",
          "pg_switch_wal",
          "pg_create_restore_point",
          "pg_start_backup",
          "pg_stop_backup",
          "pg_backup_start",
          "pg_backup_stop",
          "pg_wal_replay_pause",
          "pg_wal_replay_resume",
          "pg_log_backend_memory_contexts",
          "pg_create_logical_replication_slot",
          "pg_create_physical_replication_slot",
          "pg_drop_replication_slot",
          "pg_replication_origin_create",
          "pg_import_system_collations",
          // session state
          "set_config",
          // sleeping and locking (tie up a pooled connection until the timeout)
          "pg_sleep",
          "pg_sleep_for",
          "pg_sleep_until",
          "pg_advisory_lock",
          "pg_advisory_lock_shared",
          "pg_advisory_xact_lock",
          "pg_advisory_xact_lock_shared",
          "pg_try_advisory_lock",
          "pg_try_advisory_lock_shared",
          "pg_try_advisory_xact_lock",
          "pg_try_advisory_xact_lock_shared",
          "pg_advisory_unlock",
          "pg_advisory_unlock_all",
          "pg_advisory_unlock_shared",
          // notifications and sequences (writes even in a SELECT)
          "pg_notify",
          "nextval",
          "setval",
          // whole-database dumps that can be very large
          "query_to_xml",
          "query_to_xml_and_xmlschema",
          "table_to_xml",
          "schema_to_xml",
          "database_to_xml",
          "database_to_xmlschema",
          "database_to_xml_and_xmlschema",
          "cursor_to_xml",
          // statistics resets
          "pg_stat_reset",
          "pg_stat_reset_shared",
          "pg_stat_reset_single_table_counters",
          "pg_stat_reset_single_function_counters",
          "pg_stat_statements_reset");

  @Override
  public List<String> initStatements(GuardSettings settings) {
    List<String> statements = new ArrayList<>();
    if (settings.readOnly()) {
      statements.add("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
    }
    long timeoutMs = Math.max(1, settings.statementTimeout().toMillis());
    statements.add("SET statement_timeout = " + timeoutMs);
    long idleMs = Math.max(MIN_IDLE_IN_TRANSACTION.toMillis(), 2 * timeoutMs);
    statements.add("SET idle_in_transaction_session_timeout = " + idleMs);
    return List.copyOf(statements);
  }

  /**
   * Applies {@link #initStatements} outside any transaction (so no later rollback can undo them),
   * then, for read-only settings, sets JDBC read-only and turns auto-commit off: every statement
   * then runs in a {@code BEGIN READ ONLY} transaction that the caller ends with {@code rollback()}
   * after the statement.
   *
   * @throws SQLException when PostgreSQL refuses a setting; discard the connection then
   */
  @Override
  public void apply(Connection connection, GuardSettings settings) throws SQLException {
    applyWithStatementTransactions(connection, settings);
  }

  /**
   * Asks PostgreSQL ({@code SHOW transaction_read_only}) whether the current or next transaction
   * refuses writes.
   */
  @Override
  public boolean isReadOnly(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW transaction_read_only")) {
      return rows.next() && "on".equalsIgnoreCase(rows.getString(1));
    }
  }

  @Override
  public Set<String> deniedFunctions() {
    return DENIED;
  }
}
