package dev.databaseai.agent.analysis;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.SqlSyntax;
import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a database error into a {@link Diagnosis}: the category, the offending name, real names or
 * rewrites that fit (best first) and one compact hint that names the remedy and the columns of the
 * tables involved, and only those. Dialect-agnostic: it reads the statement with JSqlParser and
 * asks the {@link Dialect} for error classification, casts, quoting and function equivalents.
 *
 * <p>Thread-safe; {@code analyze} never throws and never returns an empty diagnosis. SQL the parser
 * cannot read still gets a diagnosis from the database error alone.
 */
public final class ErrorAnalyzer {

  private final Dialect dialect;

  /**
   * An analyzer for errors of {@code dialect}'s database.
   *
   * @throws NullPointerException when {@code dialect} is null
   */
  public ErrorAnalyzer(Dialect dialect) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
  }

  /**
   * Classifies {@code error} with the dialect's translator, then analyzes it.
   *
   * @param sql the statement that failed (may be null or unparseable)
   * @param error the exception the JDBC driver threw
   * @param schema the database's schema (may be null: no name suggestions then)
   */
  public Diagnosis analyze(String sql, SQLException error, SchemaSnapshot schema) {
    if (error == null) {
      return analyze(sql, (DbError) null, schema);
    }
    DbError translated;
    try {
      translated = dialect.errorTranslator().translate(error);
    } catch (RuntimeException e) {
      translated = null;
    }
    if (translated == null) {
      translated =
          DbError.builder(ErrorCategory.OTHER, error.getMessage())
              .sqlState(error.getSQLState())
              .vendorCode(error.getErrorCode())
              .build();
    }
    return analyze(sql, translated, schema);
  }

  /**
   * Analyzes an already classified error.
   *
   * @param sql the statement that failed (may be null or unparseable)
   * @param error the classified error (null gives an OTHER diagnosis saying so)
   * @param schema the database's schema (may be null: no name suggestions then)
   */
  public Diagnosis analyze(String sql, DbError error, SchemaSnapshot schema) {
    if (error == null) {
      return new Diagnosis(
          ErrorCategory.OTHER,
          "",
          0,
          "no error was given",
          Optional.empty(),
          List.of(),
          "No database error was given, so there is nothing to diagnose.",
          List.of());
    }
    String statement = sql == null ? "" : sql;
    SchemaSnapshot snapshot = schema == null ? new SchemaSnapshot("", List.of()) : schema;
    SqlSyntax syntax = dialect.syntax();
    try {
      return new Analysis(statement, error, snapshot, syntax, dialect.displayName()).run();
    } catch (RuntimeException | StackOverflowError e) {
      return Analysis.minimal(statement, error, snapshot);
    }
  }
}
