package dev.databaseai.server.session;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.server.api.ApiException;
import dev.databaseai.server.config.SchemaSettings;
import dev.databaseai.server.demo.DemoDatabase;
import dev.databaseai.server.pool.ConnectionsExhaustedException;
import dev.databaseai.server.pool.JdbcUrlPolicy;
import dev.databaseai.server.pool.Tenant;
import dev.databaseai.server.pool.TenantKey;
import dev.databaseai.server.pool.TenantPools;
import io.micronaut.context.BeanProvider;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Opens sessions: checks the requested database (the demo, or a JDBC URL under the URL policy),
 * opens or reuses the tenant's pool, reads or reuses the shared schema snapshot, and registers the
 * session. Thread-safe.
 */
@Singleton
public final class SessionService {

  private final Sessions sessions;
  private final TenantPools pools;
  private final JdbcUrlPolicy urlPolicy;
  private final Dialects dialects;
  private final BeanProvider<DemoDatabase> demo;
  private final SchemaSettings schemaSettings;

  public SessionService(
      Sessions sessions,
      TenantPools pools,
      JdbcUrlPolicy urlPolicy,
      Dialects dialects,
      BeanProvider<DemoDatabase> demo,
      SchemaSettings schemaSettings) {
    this.sessions = sessions;
    this.pools = pools;
    this.urlPolicy = urlPolicy;
    this.dialects = dialects;
    this.demo = demo;
    this.schemaSettings = schemaSettings;
  }

  /** A session on the demo database. */
  public Session openDemo(String owner) {
    DemoDatabase.Credentials credentials;
    try {
      credentials = demo.get().credentials();
    } catch (io.micronaut.context.exceptions.NoSuchBeanException e) {
      throw new ApiException(
          HttpStatus.NOT_FOUND,
          "DEMO_DISABLED",
          "The demo database is disabled on this server (databaseai.demo.enabled=false); connect to your"
              + " own database with {\"jdbcUrl\",\"username\",\"password\"}.");
    } catch (IllegalStateException e) {
      throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "DEMO_UNAVAILABLE", e.getMessage());
    }
    Dialect dialect = dialects.forJdbcUrl(credentials.key().jdbcUrl());
    return open(owner, credentials.key(), credentials.password(), dialect, DemoDatabase.NAME, true);
  }

  /** A session on the user's own database. */
  public Session openJdbc(
      String owner, String jdbcUrl, Optional<String> username, Optional<String> password) {
    Dialect dialect = urlPolicy.check(jdbcUrl);
    TenantKey key = new TenantKey(jdbcUrl, username.orElse(""));
    return open(owner, key, password.orElse(""), dialect, key.redactedUrl(), false);
  }

  private Session open(
      String owner, TenantKey key, String password, Dialect dialect, String label, boolean pin) {
    Tenant tenant;
    try {
      tenant = pools.open(key, password, dialect, pin);
    } catch (ConnectionsExhaustedException e) {
      throw exhausted(e);
    } catch (SQLException e) {
      throw connectFailed(key, dialect, e);
    }
    try {
      tenant.schema(schemaSettings.ttl(), false);
    } catch (ConnectionsExhaustedException e) {
      throw exhausted(e);
    } catch (SQLException e) {
      throw new ApiException(
          HttpStatus.BAD_GATEWAY,
          Map.of(
              "code",
              "SCHEMA_UNREADABLE",
              "message",
              "Connected to " + key + " but could not read its catalog: " + e.getMessage()));
    }
    return sessions.create(owner, tenant, label);
  }

  /** The 503 for a connection cap that was reached, naming the setting. */
  public static ApiException exhausted(ConnectionsExhaustedException e) {
    return new ApiException(
        HttpStatus.SERVICE_UNAVAILABLE,
        Map.of("code", "CONNECTIONS_EXHAUSTED", "message", e.getMessage(), "setting", e.setting()));
  }

  private static ApiException connectFailed(TenantKey key, Dialect dialect, SQLException e) {
    DbError error = dialect.errorTranslator().translate(e);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("code", "CONNECTION_FAILED");
    body.put("category", error.category().name());
    body.put("sqlState", error.sqlState());
    body.put(
        "message",
        "Could not connect to "
            + key
            + ": "
            + error.message()
            + " Check the URL, user and password, and that the database accepts connections from this server.");
    HttpStatus status =
        error.category() == ErrorCategory.CONNECTION
                || e.getSQLState() != null && e.getSQLState().startsWith("08")
            ? HttpStatus.BAD_GATEWAY
            : HttpStatus.UNPROCESSABLE_ENTITY;
    return new ApiException(status, body);
  }
}
