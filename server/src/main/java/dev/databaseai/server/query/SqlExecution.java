package dev.databaseai.server.query;

import dev.databaseai.agent.analysis.Diagnosis;
import dev.databaseai.agent.guard.GuardDecision;
import dev.databaseai.agent.guard.SqlGuard;
import dev.databaseai.dialect.error.DbError;
import dev.databaseai.server.config.QuerySettings;
import dev.databaseai.server.pool.ConnectionsExhaustedException;
import dev.databaseai.server.pool.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one user statement, after {@link SqlGuard} allowed it, on a tenant's read-only pool with the row cap and statement timeout, and
 * turns a database error into a {@link Diagnosis}. Thread-safe.
 */
@Singleton
public final class SqlExecution {

  private final QuerySettings settings;
  private final Map<String, SqlGuard> guards = new ConcurrentHashMap<>();

  public SqlExecution(QuerySettings settings) {
    this.settings = settings;
  }

  /**
   * The outcome of {@code sql} on {@code tenant}.
   *
   * @throws ConnectionsExhaustedException when no connection could be had within the bound
   */
  public Outcome run(Tenant tenant, String sql) throws ConnectionsExhaustedException {
    long started = System.nanoTime();
    GuardDecision decision =
        guards.computeIfAbsent(tenant.dialect().id(), id -> new SqlGuard(tenant.dialect().sessionGuards().deniedFunctions()))
            .check(sql);
    if (!decision.allowed()) {
      return new Outcome.Refused(decision.reason(), sql);
    }
    try (Connection connection = tenant.connection();
        Statement statement = connection.createStatement()) {
      statement.setMaxRows(settings.maxRows() + 1);
      statement.setQueryTimeout((int) Math.max(1, settings.statementTimeout().toSeconds()));
      boolean hasRows = statement.execute(decision.statement());
      if (!hasRows) {
        return new Outcome.Rows(List.of(), List.of(), 0, false, millisSince(started));
      }
      try (ResultSet rs = statement.getResultSet()) {
        ResultSetMetaData meta = rs.getMetaData();
        int width = meta.getColumnCount();
        List<Outcome.ResultColumn> columns = new ArrayList<>(width);
        for (int i = 1; i <= width; i++) {
          columns.add(new Outcome.ResultColumn(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
        }
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
          if (rows.size() == settings.maxRows()) {
            truncated = true;
            break;
          }
          List<Object> row = new ArrayList<>(width);
          for (int i = 1; i <= width; i++) {
            row.add(JsonValues.of(rs.getObject(i)));
          }
          rows.add(java.util.Collections.unmodifiableList(row));
        }
        return new Outcome.Rows(columns, rows, rows.size(), truncated, millisSince(started));
      }
    } catch (ConnectionsExhaustedException e) {
      throw e;
    } catch (SQLException e) {
      return new Outcome.Failed(diagnose(tenant, e), millisSince(started));
    }
  }

  private static Diagnosis diagnose(Tenant tenant, SQLException e) {
    DbError error = tenant.dialect().errorTranslator().translate(e);
    String hint = error.serverHint().or(error::detail).orElse("");
    return new Diagnosis(
        error.category(),
        error.sqlState(),
        error.vendorCode(),
        error.message(),
        error.identifier(),
        List.of(),
        hint,
        List.of());
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
