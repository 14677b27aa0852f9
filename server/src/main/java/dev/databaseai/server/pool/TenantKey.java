package dev.databaseai.server.pool;

import dev.databaseai.dialect.JdbcUrls;
import java.util.Objects;

/**
 * The identity of a database as the server pools it: JDBC URL plus user. Sessions with the same key
 * share one connection pool and one schema snapshot. {@link #toString()} redacts the URL.
 *
 * @param jdbcUrl the JDBC URL as given
 * @param username the database user
 */
public record TenantKey(String jdbcUrl, String username) {

  public TenantKey {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    username = username == null ? "" : username;
  }

  /** The URL with any secret parameter replaced by {@code ***}. */
  public String redactedUrl() {
    return JdbcUrls.redact(jdbcUrl);
  }

  @Override
  public String toString() {
    return redactedUrl() + " (user " + username + ")";
  }
}
