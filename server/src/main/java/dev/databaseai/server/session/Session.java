package dev.databaseai.server.session;

import dev.databaseai.server.pool.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One user's conversation with one database. Holds no password: the database is reached through the
 * shared {@link Tenant}. Thread-safe.
 */
public final class Session {

  private final String id;
  private final String owner;
  private final Tenant tenant;
  private final String database;
  private final Instant createdAt;
  private volatile Instant lastUsed;
  private final Object conversationLock = new Object();
  private volatile Object conversation;

  Session(String id, String owner, Tenant tenant, String database, Instant now) {
    this.id = Objects.requireNonNull(id);
    this.owner = Objects.requireNonNull(owner);
    this.tenant = Objects.requireNonNull(tenant);
    this.database = database;
    this.createdAt = now;
    this.lastUsed = now;
  }

  /** The random session id (a UUIDv4 string). */
  public String id() {
    return id;
  }

  /** The fingerprint of the API key that created it, or empty when the server has no keys. */
  public String owner() {
    return owner;
  }

  public Tenant tenant() {
    return tenant;
  }

  /** {@code demo} for the demo database, else the redacted JDBC URL. */
  public String database() {
    return database;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant lastUsed() {
    return lastUsed;
  }

  void touch(Instant now) {
    lastUsed = now;
  }

  /** When the session expires if unused from now on. */
  public Instant expiresAt(Duration ttl) {
    return lastUsed.plus(ttl);
  }

  /**
   * The agent conversation of this session, created by {@code factory} on first use; typed loosely
   * so that this class does not depend on the agent's types.
   */
  @SuppressWarnings("unchecked")
  public <T> T conversation(java.util.function.Supplier<T> factory) {
    Object current = conversation;
    if (current == null) {
      synchronized (conversationLock) {
        current = conversation;
        if (current == null) {
          current = factory.get();
          conversation = current;
        }
      }
    }
    return (T) current;
  }

  @Override
  public String toString() {
    return "Session[" + id + " " + database + "]";
  }
}
