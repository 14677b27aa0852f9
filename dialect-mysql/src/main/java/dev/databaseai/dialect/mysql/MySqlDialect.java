package dev.databaseai.dialect.mysql;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.SessionGuards;
import dev.databaseai.dialect.SqlSyntax;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.error.ErrorTranslator;
import dev.databaseai.dialect.schema.SchemaIntrospector;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * MySQL 8 and MariaDB 10.6+ (id {@code mysql}), both reached through MySQL Connector/J or MariaDB
 * Connector/J. Where the two servers differ (timeout variables, read-only variable names, error
 * codes, {@code information_schema.CHECK_CONSTRAINTS}) the collaborators decide per connection from
 * the server version ({@link MySqlFlavor}), the way Flyway keeps MariaDB inside its MySQL module.
 * Immutable and thread-safe.
 */
public final class MySqlDialect implements Dialect {

  /**
   * Every category: each is raised by the real server (see the dialect's contract test). Note
   * {@link ErrorCategory#DIVISION_BY_ZERO} comes only from writes in strict mode (error 1365, the
   * default {@code sql_mode} of MySQL 8 and MariaDB 10.2.4+); a SELECT returns NULL for {@code x /
   * 0} instead, so a read-only agent sees it only through a write-mode opt-in.
   */
  private static final Set<ErrorCategory> SUPPORTED =
      Set.copyOf(EnumSet.allOf(ErrorCategory.class));

  private final MySqlErrorTranslator errorTranslator = new MySqlErrorTranslator();
  private final MySqlIntrospector introspector = MySqlIntrospector.currentDatabase();
  private final MySqlSyntax syntax = new MySqlSyntax();
  private final MySqlSessionGuards sessionGuards = new MySqlSessionGuards();

  @Override
  public String id() {
    return "mysql";
  }

  @Override
  public String displayName() {
    return "MySQL / MariaDB";
  }

  /** {@code jdbc:mysql:} (Connector/J, also for MariaDB servers) and {@code jdbc:mariadb:}. */
  @Override
  public boolean acceptsJdbcUrl(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    return url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:");
  }

  /** {@code MySQL} (what Connector/J reports for both servers) and {@code MariaDB}. */
  @Override
  public boolean acceptsProductName(String productName) {
    String name = productName.toLowerCase(Locale.ROOT);
    return name.contains("mysql") || name.contains("mariadb");
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

  @Override
  public Set<ErrorCategory> supportedErrorCategories() {
    return SUPPORTED;
  }

  @Override
  public String toString() {
    return "MySqlDialect[mysql]";
  }
}
