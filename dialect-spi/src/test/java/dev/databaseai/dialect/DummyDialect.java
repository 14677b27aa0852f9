package dev.databaseai.dialect;

import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.error.ErrorTranslator;
import dev.databaseai.dialect.schema.SchemaIntrospector;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A dialect known to the registry only through META-INF/services in this module's test resources:
 * proves discovery needs no code change. Serves {@code jdbc:dummy:} URLs.
 */
public class DummyDialect implements Dialect {

  private final String id;
  private final String prefix;
  private final int priority;

  public DummyDialect() {
    this("dummy", "jdbc:dummy:", 0);
  }

  DummyDialect(String id, String prefix, int priority) {
    this.id = id;
    this.prefix = prefix;
    this.priority = priority;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String displayName() {
    return "Dummy";
  }

  @Override
  public boolean acceptsJdbcUrl(String jdbcUrl) {
    return jdbcUrl.startsWith(prefix);
  }

  @Override
  public int priority() {
    return priority;
  }

  @Override
  public ErrorTranslator errorTranslator() {
    return e ->
        DbError.builder(ErrorCategory.OTHER, e.getMessage()).sqlState(e.getSQLState()).build();
  }

  @Override
  public SchemaIntrospector introspector() {
    return (Connection c) -> new SchemaSnapshot("Dummy", List.of());
  }

  @Override
  public SqlSyntax syntax() {
    return new SqlSyntax() {
      @Override
      public String quoteIdentifier(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
      }

      @Override
      public String cast(String expression, String type) {
        return "CAST(" + expression + " AS " + type + ")";
      }

      @Override
      public String limitClause(int rows) {
        return "LIMIT " + rows;
      }

      @Override
      public List<String> promptNotes() {
        return List.of();
      }

      @Override
      public Optional<FunctionEquivalent> equivalentOf(String foreignName) {
        return Optional.empty();
      }
    };
  }

  @Override
  public SessionGuards sessionGuards() {
    return new SessionGuards() {
      @Override
      public List<String> initStatements(GuardSettings settings) {
        return List.of();
      }

      @Override
      public boolean isReadOnly(Connection connection) {
        return true;
      }

      @Override
      public Set<String> deniedFunctions() {
        return Set.of();
      }
    };
  }
}
