package dev.databaseai.server.query;

import dev.databaseai.agent.analysis.Diagnosis;
import dev.databaseai.agent.analysis.ErrorAnalyzer;
import dev.databaseai.agent.execution.QueryExecutor;
import dev.databaseai.agent.guard.GuardDecision;
import dev.databaseai.agent.guard.SqlGuard;
import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.server.config.QuerySettings;
import dev.databaseai.server.config.SchemaSettings;
import dev.databaseai.server.pool.ConnectionsExhaustedException;
import dev.databaseai.server.pool.Tenant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one user statement: first the {@link SqlGuard} (one read-only statement, no denied
 * function), then the agent's {@link QueryExecutor} on the tenant's read-only pool (a rolled-back
 * read-only transaction, the row cap and the statement timeout); a database error becomes the
 * {@link ErrorAnalyzer}'s {@link Diagnosis} against the shared schema snapshot. Thread-safe.
 */
@Singleton
public final class SqlExecution {

  private final QueryExecutor executor;
  private final SchemaSettings schemaSettings;
  private final Map<String, SqlGuard> guards = new ConcurrentHashMap<>();
  private final Map<String, ErrorAnalyzer> analyzers = new ConcurrentHashMap<>();

  public SqlExecution(QuerySettings settings, SchemaSettings schemaSettings) {
    this.executor = new QueryExecutor(settings.guardSettings());
    this.schemaSettings = schemaSettings;
  }

  /**
   * The outcome of {@code sql} on {@code tenant}.
   *
   * @throws ConnectionsExhaustedException when no connection could be had within the bound
   */
  public Outcome run(Tenant tenant, String sql) throws ConnectionsExhaustedException {
    Dialect dialect = tenant.dialect();
    GuardDecision decision =
        guards
            .computeIfAbsent(
                dialect.id(), d -> new SqlGuard(dialect.sessionGuards().deniedFunctions()))
            .check(sql);
    if (!decision.allowed()) {
      return new Outcome.Refused("Refused by the SQL guard: " + decision.reason(), sql);
    }
    long started = System.nanoTime();
    SQLException failure;
    try (Connection connection = tenant.connection()) {
      return Outcome.Rows.of(executor.run(connection, sql));
    } catch (ConnectionsExhaustedException e) {
      throw e;
    } catch (SQLException e) {
      failure = e;
    }
    long elapsed = millisSince(started);
    // Diagnosed after the connection went back: the analyzer may need the pool for the schema.
    return new Outcome.Failed(diagnose(tenant, sql, failure), elapsed);
  }

  private Diagnosis diagnose(Tenant tenant, String sql, SQLException e) {
    SchemaSnapshot schema;
    try {
      schema = tenant.schema(schemaSettings.ttl(), false).snapshot();
    } catch (SQLException unreadable) {
      schema = new SchemaSnapshot("", List.of());
    }
    Dialect dialect = tenant.dialect();
    Diagnosis diagnosis =
        analyzers
            .computeIfAbsent(dialect.id(), d -> new ErrorAnalyzer(dialect))
            .analyze(sql, e, schema);
    if (diagnosis.category() == ErrorCategory.OTHER && "S1009".equals(e.getSQLState())) {
      // Connector/J refuses a write on a read-only connection itself, before the server sees it.
      return new Diagnosis(
          ErrorCategory.READ_ONLY_VIOLATION,
          diagnosis.sqlState(),
          diagnosis.vendorCode(),
          diagnosis.message(),
          Optional.empty(),
          List.of(),
          "Write one read-only SELECT statement.",
          diagnosis.tables());
    }
    return diagnosis;
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
