package dev.databaseai.server.ask;

import dev.databaseai.agent.SchemaCache;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.server.pool.Tenant;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The agent's schema cache backed by the tenant's shared snapshot, so every agent built for any
 * session on the same database reads and refreshes one snapshot (with the server's TTL).
 */
final class TenantSchemaCache implements SchemaCache {

  private final Tenant tenant;
  private final Duration ttl;

  TenantSchemaCache(Tenant tenant, Duration ttl) {
    this.tenant = tenant;
    this.ttl = ttl;
  }

  @Override
  public SchemaSnapshot get(String key, Loader loader) throws SQLException {
    return tenant.schema(ttl, false).snapshot();
  }

  @Override
  public void put(String key, SchemaSnapshot snapshot) {
    tenant.replaceSchema(snapshot);
  }

  @Override
  public void invalidate(String key) {
    tenant.invalidateSchema();
  }
}
