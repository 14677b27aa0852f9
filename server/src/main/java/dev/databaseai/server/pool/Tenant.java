package dev.databaseai.server.pool;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * One database as the server serves it: its pool (capped globally), its dialect, and its schema
 * snapshot, shared by every session on the same {@link TenantKey}. Thread-safe. The password lives
 * only inside the pool's connection factory; this class keeps salted digests of the passwords that
 * opened it, never the password itself.
 *
 * <p>The HikariCP pool is live only while the tenant is in use: {@link TenantPools} may detach an
 * idle one (to respect {@code databaseai.pools.max-pools}, or after {@code idle-close}), which
 * closes its connections and threads, and the next {@link #connection()} opens a new pool through
 * the {@link PoolOpener}. Sessions and the schema snapshot survive the detachment.
 */
public final class Tenant {

  /** A schema snapshot and when it was read. */
  public record CachedSchema(SchemaSnapshot snapshot, Instant loadedAt) {}

  /** A live HikariCP pool and its capped view. */
  record Pool(HikariDataSource hikari, CappedDataSource capped) {
    int active() {
      HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
      return mx == null ? 0 : mx.getActiveConnections();
    }

    boolean busy() {
      HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
      return mx != null && (mx.getActiveConnections() > 0 || mx.getThreadsAwaitingConnection() > 0);
    }
  }

  /** Opens a live pool for a tenant that has none, or refuses (503 {@code POOL_LIMIT}). */
  interface PoolOpener {
    Pool open(Tenant tenant);
  }

  private final String id;
  private final TenantKey key;
  private final Dialect dialect;
  private final int maxConnections;
  private final PoolOpener opener;
  private final AtomicReference<Pool> pool = new AtomicReference<>();
  private final Object poolLock = new Object();
  private final DataSource dataSource = new TenantDataSource();
  private volatile boolean closed;
  private final Instant createdAt;
  private final Clock clock;
  private final byte[] salt;
  private final Set<String> acceptedPasswordDigests = ConcurrentHashMap.newKeySet();
  private final AtomicInteger sessions = new AtomicInteger();
  private final Object schemaLock = new Object();
  private volatile Instant lastUsed;
  private volatile CachedSchema schema;

  Tenant(
      String id,
      TenantKey key,
      Dialect dialect,
      int maxConnections,
      PoolOpener opener,
      Clock clock,
      byte[] salt,
      String password) {
    this.id = id;
    this.key = key;
    this.dialect = dialect;
    this.maxConnections = maxConnections;
    this.opener = opener;
    this.clock = clock;
    this.createdAt = clock.instant();
    this.lastUsed = createdAt;
    this.salt = salt.clone();
    acceptedPasswordDigests.add(digest(password));
  }

  /** A short id for stats and metrics, e.g. {@code pool-3}; carries no part of the URL. */
  public String id() {
    return id;
  }

  public TenantKey key() {
    return key;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The pool, bounded by the per-pool and global caps; every borrowed connection is read-only. */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * A connection from the pool, opening the pool when it was detached; the caller closes it. Marks
   * the tenant used.
   *
   * @throws ConnectionsExhaustedException when a cap is reached within the acquire timeout
   * @throws SQLException when the database refuses, or the tenant was closed
   */
  public Connection connection() throws SQLException {
    touch();
    Pool live = livePool();
    try {
      return live.capped().getConnection();
    } catch (SQLException e) {
      if (!live.hikari().isClosed() || closed) {
        throw e;
      }
      // detached between livePool() and getConnection(): open it again, once
      return livePool().capped().getConnection();
    }
  }

  private Pool livePool() throws SQLException {
    Pool live = pool.get();
    if (live != null) {
      return live;
    }
    synchronized (poolLock) {
      if (closed) {
        throw new SQLException("The pool of " + id + " for " + key + " is closed", "08003");
      }
      live = pool.get();
      if (live == null) {
        live = opener.open(this);
        pool.set(live);
      }
      return live;
    }
  }

  /** Borrowing goes through {@link #connection()}, so that a detached pool opens again. */
  private final class TenantDataSource extends BaseDataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return connection();
    }

    @Override
    public String toString() {
      return "TenantDataSource[" + id + "]";
    }
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant lastUsed() {
    return lastUsed;
  }

  void touch() {
    lastUsed = clock.instant();
  }

  /** Sessions currently open on this database. */
  public int sessionCount() {
    return sessions.get();
  }

  /** Called by the session store when a session on this tenant ends. */
  public void sessionCloseHook() {
    sessionClosed();
  }

  /** Called by the session store when a session on this tenant starts. */
  public void sessionOpenHook() {
    sessionOpened();
  }

  void sessionOpened() {
    sessions.incrementAndGet();
    touch();
  }

  void sessionClosed() {
    sessions.decrementAndGet();
    touch();
  }

  boolean accepts(String password) {
    return acceptedPasswordDigests.contains(digest(password));
  }

  void accept(String password) {
    acceptedPasswordDigests.add(digest(password));
  }

  private String digest(String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      byte[] hash = sha.digest((password == null ? "" : password).getBytes(StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The schema snapshot, read from the database when absent, older than {@code ttl}, or when {@code
   * refresh} is set. Concurrent callers wait for one read.
   *
   * @throws SQLException when the catalog cannot be read
   */
  public CachedSchema schema(Duration ttl, boolean refresh) throws SQLException {
    CachedSchema current = schema;
    if (!refresh && current != null && current.loadedAt().plus(ttl).isAfter(clock.instant())) {
      return current;
    }
    synchronized (schemaLock) {
      current = schema;
      if (!refresh && current != null && current.loadedAt().plus(ttl).isAfter(clock.instant())) {
        return current;
      }
      try (Connection connection = connection()) {
        CachedSchema loaded =
            new CachedSchema(dialect.introspector().introspect(connection), clock.instant());
        schema = loaded;
        return loaded;
      }
    }
  }

  /** Replaces the cached snapshot (after the agent refreshed some tables). */
  public void replaceSchema(SchemaSnapshot snapshot) {
    schema = new CachedSchema(snapshot, clock.instant());
  }

  /** Forgets the cached snapshot; the next {@link #schema} reads the catalog again. */
  public void invalidateSchema() {
    schema = null;
  }

  /** The cached snapshot, if one was read. */
  public java.util.Optional<CachedSchema> cachedSchema() {
    return java.util.Optional.ofNullable(schema);
  }

  /** Pool figures for monitoring (zeros while the pool is detached); never a secret. */
  public PoolStats stats() {
    Pool live = pool.get();
    HikariPoolMXBean mx = live == null ? null : live.hikari().getHikariPoolMXBean();
    return new PoolStats(
        id,
        dialect.id(),
        key.redactedUrl(),
        key.username(),
        maxConnections,
        mx == null ? 0 : mx.getActiveConnections(),
        mx == null ? 0 : mx.getIdleConnections(),
        mx == null ? 0 : mx.getTotalConnections(),
        mx == null ? 0 : mx.getThreadsAwaitingConnection(),
        sessions.get(),
        schema != null,
        createdAt.toString(),
        lastUsed.toString());
  }

  boolean isClosed() {
    return closed;
  }

  /** Whether a HikariCP pool is live now (not detached). */
  boolean hasLivePool() {
    return pool.get() != null;
  }

  /** Connections borrowed from this pool now. */
  int activeConnections() {
    Pool live = pool.get();
    return live == null ? 0 : live.active();
  }

  /** Closes this pool's idle connections now; connections in use close when they are returned. */
  void evictIdleConnections() {
    Pool live = pool.get();
    HikariPoolMXBean mx = live == null ? null : live.hikari().getHikariPoolMXBean();
    if (mx != null && mx.getIdleConnections() > 0) {
      mx.softEvictConnections();
    }
  }

  /**
   * Takes the live pool away if nobody borrows or waits for a connection; the caller closes it. The
   * next {@link #connection()} opens a new one.
   */
  Optional<HikariDataSource> detachIfIdle() {
    Pool live = pool.get();
    if (live == null || live.busy() || !pool.compareAndSet(live, null)) {
      return Optional.empty();
    }
    return Optional.of(live.hikari());
  }

  /**
   * Closes the tenant for good: no pool opens again.
   *
   * @return whether a live pool was closed
   */
  boolean close() {
    synchronized (poolLock) {
      closed = true;
      Pool live = pool.getAndSet(null);
      if (live != null) {
        live.hikari().close();
      }
      return live != null;
    }
  }

  @Override
  public String toString() {
    return "Tenant[" + id + " " + key + "]";
  }
}
