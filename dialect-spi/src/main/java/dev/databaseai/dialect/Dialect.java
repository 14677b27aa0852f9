package dev.databaseai.dialect;

import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.error.ErrorTranslator;
import dev.databaseai.dialect.schema.SchemaIntrospector;
import java.util.Locale;
import java.util.Set;

/**
 * A database plugin: identity and matching, plus the focused collaborators the agent needs.
 *
 * <p>Implementations are discovered with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.databaseai.dialect.Dialect} entry) and must have a public no-argument
 * constructor. They must be immutable and thread-safe; every method returns a non-null value.
 */
public interface Dialect {

  /**
   * Stable, lower-case identifier such as {@code postgres} or {@code mysql}; unique per registry.
   */
  String id();

  /** Human-readable name for messages and UIs, e.g. {@code PostgreSQL}. */
  String displayName();

  /**
   * Whether this dialect can serve a database reached through {@code jdbcUrl}. Must not open a
   * connection.
   *
   * @param jdbcUrl a JDBC URL, never null
   */
  boolean acceptsJdbcUrl(String jdbcUrl);

  /**
   * Whether this dialect serves a database whose {@link
   * java.sql.DatabaseMetaData#getDatabaseProductName()} is {@code productName}. The default
   * compares case-insensitively with {@link #displayName()}.
   */
  default boolean acceptsProductName(String productName) {
    return productName.toLowerCase(Locale.ROOT).contains(displayName().toLowerCase(Locale.ROOT));
  }

  /**
   * Decides between dialects that accept the same URL or product: the highest priority wins, an
   * equal priority is an error. Default {@code 0}.
   */
  default int priority() {
    return 0;
  }

  /** Turns a {@link java.sql.SQLException} from this database into a classified error. */
  ErrorTranslator errorTranslator();

  /** Reads the catalog of a connected database into a schema snapshot. */
  SchemaIntrospector introspector();

  /** Quoting, casts, LIMIT and the native equivalents of other dialects' functions. */
  SqlSyntax syntax();

  /** Read-only, timeout and deny-list settings applied to every physical connection. */
  SessionGuards sessionGuards();

  /**
   * The error categories this database actually produces and {@link #errorTranslator()} reports.
   * The dialect TCK proves each declared category against a real database and proves that an
   * undeclared one is never reported. The default is every category.
   */
  default Set<ErrorCategory> supportedErrorCategories() {
    return Set.of(ErrorCategory.values());
  }
}
