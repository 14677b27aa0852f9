package dev.databaseai.agent;

import dev.databaseai.dialect.schema.SchemaSnapshot;
import java.sql.SQLException;

/**
 * Shares schema snapshots by database identity (for example one snapshot per database across the
 * server's sessions). Implementations must be thread-safe and load each key at most once at a time.
 */
public interface SchemaCache {

  /** Reads a schema from the database. */
  @FunctionalInterface
  interface Loader {
    SchemaSnapshot load() throws SQLException;
  }

  /**
   * The snapshot for {@code key}, loaded with {@code loader} when absent.
   *
   * @throws SQLException when loading fails (nothing is cached then)
   */
  SchemaSnapshot get(String key, Loader loader) throws SQLException;

  /** Replaces the snapshot for {@code key} (after a partial refresh). */
  void put(String key, SchemaSnapshot snapshot);

  /** Forgets {@code key}; the next {@link #get} loads again. */
  void invalidate(String key);

  /** A cache in this process's memory. */
  static SchemaCache inMemory() {
    return new InMemorySchemaCache();
  }
}
