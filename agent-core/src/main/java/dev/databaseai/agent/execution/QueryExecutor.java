package dev.databaseai.agent.execution;

import dev.databaseai.agent.QueryResult;
import dev.databaseai.dialect.GuardSettings;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Runs one already-guarded query in a read-only transaction that is always rolled back, with the
 * row cap ({@code setMaxRows(cap + 1)} tells whether there were more) and a JDBC query timeout as a
 * backstop to the session's statement timeout. Thread-safe; connections are the caller's.
 */
public final class QueryExecutor {

  private final GuardSettings settings;

  public QueryExecutor(GuardSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * Runs {@code sql} on {@code connection} and reads at most {@link GuardSettings#maxRows()} rows.
   * The connection's auto-commit and read-only flags are restored afterwards.
   *
   * @throws SQLException as the database reported it; when the query failed, that failure is what
   *     is thrown, and a failure of the clean-up after it (e.g. the rollback on a connection the
   *     pool closed because it broke) is only added to it as suppressed
   */
  public QueryResult run(Connection connection, String sql) throws SQLException {
    long start = System.nanoTime();
    boolean autoCommit = connection.getAutoCommit();
    boolean readOnly = connection.isReadOnly();
    Throwable failure = null;
    try {
      if (autoCommit) {
        connection.setAutoCommit(false);
      }
      if (settings.readOnly() && !readOnly) {
        connection.setReadOnly(true);
      }
      try (Statement statement = connection.createStatement()) {
        statement.setMaxRows(settings.maxRows() + 1);
        statement.setQueryTimeout(backstopSeconds());
        try (ResultSet rs = statement.executeQuery(sql)) {
          return read(rs, start);
        }
      }
    } catch (SQLException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      restore(connection, autoCommit, readOnly, failure);
    }
  }

  /**
   * Rolls back and restores the flags. A failure here is thrown when the query itself succeeded;
   * after a failed query it is added to that failure instead of replacing it: a connection that
   * broke mid-query (the database restarted) refuses the rollback too ("Connection is closed"), and
   * the caller must see why the query failed, not why the clean-up did.
   */
  private void restore(
      Connection connection, boolean autoCommit, boolean readOnly, Throwable failure)
      throws SQLException {
    try {
      try {
        connection.rollback();
      } finally {
        if (settings.readOnly() && !readOnly) {
          connection.setReadOnly(false);
        }
        if (autoCommit) {
          connection.setAutoCommit(true);
        }
      }
    } catch (SQLException | RuntimeException e) {
      if (failure == null) {
        throw e;
      }
      failure.addSuppressed(e);
    }
  }

  /** The session timeout rounded up plus one second, so the database's own timeout fires first. */
  int backstopSeconds() {
    long millis = settings.statementTimeout().toMillis();
    return (int) Math.min(Integer.MAX_VALUE, (millis + 999) / 1000 + 1);
  }

  private QueryResult read(ResultSet rs, long start) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int count = meta.getColumnCount();
    List<QueryResult.Column> columns = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      columns.add(new QueryResult.Column(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
    }
    List<List<Object>> rows = new ArrayList<>();
    boolean truncated = false;
    while (rs.next()) {
      if (rows.size() == settings.maxRows()) {
        truncated = true;
        break;
      }
      List<Object> row = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        row.add(value(rs.getObject(i)));
      }
      rows.add(row);
    }
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    return new QueryResult(columns, rows, rows.size(), truncated, elapsedMs);
  }

  /** JDBC values as plain Java values that serialize predictably. */
  static Object value(Object value) throws SQLException {
    if (value == null
        || value instanceof Number
        || value instanceof String
        || value instanceof Boolean) {
      return value;
    }
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toLocalDateTime();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime();
    }
    if (value instanceof java.time.temporal.Temporal || value instanceof java.util.UUID) {
      return value;
    }
    if (value instanceof Array array) {
      Object[] items = (Object[]) array.getArray();
      List<Object> list = new ArrayList<>(items.length);
      for (Object item : items) {
        list.add(value(item));
      }
      return list;
    }
    if (value instanceof Clob clob) {
      return clob.getSubString(1, (int) Math.min(Integer.MAX_VALUE, clob.length()));
    }
    if (value instanceof byte[] bytes) {
      return Base64.getEncoder().encodeToString(bytes);
    }
    if (value instanceof Blob blob) {
      return Base64.getEncoder()
          .encodeToString(blob.getBytes(1, (int) Math.min(Integer.MAX_VALUE, blob.length())));
    }
    if (value instanceof SQLXML xml) {
      return xml.getString();
    }
    if (value instanceof Object[] items) {
      return Arrays.asList(items);
    }
    return value.toString();
  }
}
