package dev.databaseai.agent;

import dev.databaseai.dialect.schema.SchemaSnapshot;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A {@link SchemaCache} in a concurrent map; concurrent first requests for a key load once. */
final class InMemorySchemaCache implements SchemaCache {

  private final ConcurrentMap<String, SchemaSnapshot> snapshots = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

  @Override
  public SchemaSnapshot get(String key, Loader loader) throws SQLException {
    SchemaSnapshot cached = snapshots.get(key);
    if (cached != null) {
      return cached;
    }
    synchronized (locks.computeIfAbsent(key, k -> new Object())) {
      cached = snapshots.get(key);
      if (cached == null) {
        cached = Objects.requireNonNull(loader.load(), "loader returned null");
        snapshots.put(key, cached);
      }
      return cached;
    }
  }

  @Override
  public void put(String key, SchemaSnapshot snapshot) {
    snapshots.put(key, Objects.requireNonNull(snapshot, "snapshot"));
  }

  @Override
  public void invalidate(String key) {
    snapshots.remove(key);
  }
}
