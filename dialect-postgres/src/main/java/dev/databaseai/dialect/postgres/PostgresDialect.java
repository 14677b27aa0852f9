package dev.databaseai.dialect.postgres;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.JdbcUrls;
import dev.databaseai.dialect.SessionGuards;
import dev.databaseai.dialect.SqlSyntax;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.error.ErrorTranslator;
import dev.databaseai.dialect.schema.SchemaIntrospector;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * PostgreSQL (9.6+; tested on 14): serves {@code jdbc:postgresql:} URLs (also Testcontainers'
 * {@code jdbc:tc:postgresql:}) and the product name {@code PostgreSQL}. Immutable and thread-safe.
 */
public final class PostgresDialect implements Dialect {

  private static final Set<ErrorCategory> SUPPORTED =
      Set.copyOf(EnumSet.allOf(ErrorCategory.class));

  private final PostgresErrorTranslator errorTranslator = new PostgresErrorTranslator();
  private final PostgresIntrospector introspector = new PostgresIntrospector();
  private final PostgresSyntax syntax = new PostgresSyntax();
  private final PostgresSessionGuards sessionGuards = new PostgresSessionGuards();

  @Override
  public String id() {
    return "postgres";
  }

  @Override
  public String displayName() {
    return "PostgreSQL";
  }

  @Override
  public boolean acceptsJdbcUrl(String jdbcUrl) {
    String sub = JdbcUrls.subProtocol(jdbcUrl);
    return sub.equals("postgresql")
        || (sub.equals("tc") && jdbcUrl.toLowerCase(Locale.ROOT).startsWith("jdbc:tc:postgresql:"));
  }

  @Override
  public boolean acceptsProductName(String productName) {
    return productName.trim().equalsIgnoreCase("PostgreSQL");
  }

  @Override
  public ErrorTranslator errorTranslator() {
    return errorTranslator;
  }

  @Override
  public SchemaIntrospector introspector() {
    return introspector;
  }

  @Override
  public SqlSyntax syntax() {
    return syntax;
  }

  @Override
  public SessionGuards sessionGuards() {
    return sessionGuards;
  }

  /** Every category: PostgreSQL raises each of them with its own SQLSTATE. */
  @Override
  public Set<ErrorCategory> supportedErrorCategories() {
    return SUPPORTED;
  }

  @Override
  public String toString() {
    return "PostgresDialect[postgres]";
  }
}
