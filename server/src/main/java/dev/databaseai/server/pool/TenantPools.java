package dev.databaseai.server.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.databaseai.dialect.Dialect;
import dev.databaseai.server.api.ApiException;
import dev.databaseai.server.config.PoolSettings;
import dev.databaseai.server.config.QuerySettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HikariCP pool per database identity ({@link TenantKey}: JDBC URL + user), created on first
 * use with the dialect's guards on every physical connection, bounded per pool and globally.
 *
 * <p>At most {@code databaseai.pools.max-pools} pools are live at once: opening one more detaches
 * the least recently used idle pool (its tenant and sessions stay; it opens again on next use), so
 * that the threads and connections of pools stay bounded however many databases are served. A
 * tenant unused for {@code idle-close} loses its pool, and is forgotten when it has no session.
 * Thread-safe.
 */
@Singleton
public final class TenantPools implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TenantPools.class);

  private final PoolSettings settings;
  private final QuerySettings query;
  private final MeterRegistry meters;
  private final Clock clock = Clock.systemUTC();
  private final Map<TenantKey, Tenant> tenants = new ConcurrentHashMap<>();
  private final Set<TenantKey> pinned = ConcurrentHashMap.newKeySet();
  private final ConnectionBudget budget;
  private final ScheduledThreadPoolExecutor housekeeping = housekeeping();
  private final AtomicInteger sequence = new AtomicInteger();
  private final AtomicInteger livePools = new AtomicInteger();
  private final byte[] salt = new byte[16];

  public TenantPools(PoolSettings settings, QuerySettings query, MeterRegistry meters) {
    if (settings.maxPerPool() <= 0 || settings.globalMax() <= 0 || settings.maxPools() <= 0) {
      throw new IllegalArgumentException(
          "databaseai.pools.max-per-pool, global-max and max-pools must be positive, were "
              + settings.maxPerPool()
              + ", "
              + settings.globalMax()
              + ", "
              + settings.maxPools());
    }
    this.settings = settings;
    this.query = query;
    this.meters = meters;
    this.budget = new ConnectionBudget(settings.globalMax(), settings.acquireTimeout());
    budget.onExhausted(this::reclaimIdleConnections);
    new SecureRandom().nextBytes(salt);
    Gauge.builder("databaseai.pools", livePools, AtomicInteger::get)
        .description("live connection pools (at most one per database identity)")
        .register(meters);
    Gauge.builder("databaseai.connections.open", budget, ConnectionBudget::open)
        .description(
            "physical connections open across all pools (capped by databaseai.pools.global-max)")
        .register(meters);
    Gauge.builder("databaseai.connections.in.use", this, TenantPools::connectionsInUse)
        .description("connections borrowed across all pools")
        .register(meters);
  }

  /**
   * The tenant for {@code key}, opening its pool on first use. A second caller with a password
   * other than the one(s) already accepted must prove it with a fresh connection.
   *
   * @param pin keep the pool open while the server runs (the demo database)
   * @throws SQLException when the database refuses the connection (bad credentials, unreachable)
   * @throws ApiException 503 when {@code databaseai.pools.max-pools} pools are live and none is
   *     idle
   */
  public Tenant open(TenantKey key, String password, Dialect dialect, boolean pin)
      throws SQLException {
    Tenant existing = tenants.get(key);
    if (existing != null && !existing.isClosed()) {
      if (!existing.accepts(password)) {
        verify(key, password, dialect);
        existing.accept(password);
      }
      existing.touch();
      return existing;
    }
    synchronized (this) {
      existing = tenants.get(key);
      if (existing != null && !existing.isClosed()) {
        return open(key, password, dialect, pin);
      }
      Tenant tenant = create(key, password, dialect);
      try (Connection probe = tenant.connection()) {
        LOG.info("Opened pool {} for {} ({})", tenant.id(), key, dialect.id());
      } catch (SQLException | RuntimeException e) {
        close(tenant);
        throw e;
      }
      tenants.put(key, tenant);
      if (pin) {
        pinned.add(key);
      }
      return tenant;
    }
  }

  private void verify(TenantKey key, String password, Dialect dialect) throws SQLException {
    GuardedDriverDataSource direct =
        new GuardedDriverDataSource(key, password, dialect, query.guardSettings(), budget);
    try (Connection ignored = direct.getConnection()) {
      LOG.debug("Verified another password for {}", key);
    }
  }

  private Tenant create(TenantKey key, String password, Dialect dialect) {
    String id = "pool-" + sequence.incrementAndGet();
    GuardedDriverDataSource connections =
        new GuardedDriverDataSource(key, password, dialect, query.guardSettings(), budget);
    return new Tenant(
        id,
        key,
        dialect,
        settings.maxPerPool(),
        tenant -> openPool(id, connections),
        clock,
        salt,
        password);
  }

  /**
   * A live pool for tenant {@code id}; at {@code max-pools}, first detaches the least recently used
   * pool that nobody borrows from or waits on.
   */
  private Tenant.Pool openPool(String id, GuardedDriverDataSource connections) {
    HikariDataSource detached = null;
    synchronized (this) {
      if (livePools.get() >= settings.maxPools()) {
        detached =
            tenants.values().stream()
                .filter(Tenant::hasLivePool)
                .sorted(Comparator.comparing(Tenant::lastUsed))
                .map(Tenant::detachIfIdle)
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(
                    () ->
                        new ApiException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "POOL_LIMIT",
                            "All "
                                + livePools.get()
                                + " database pools of this server (databaseai.pools.max-pools) are"
                                + " busy; try again shortly, or raise databaseai.pools.max-pools."));
        livePools.decrementAndGet();
      }
      livePools.incrementAndGet();
    }
    if (detached != null) {
      LOG.info("Detached idle pool {} to open {} (databaseai.pools.max-pools)", detached, id);
      detached.close();
    }
    try {
      return newPool(id, connections);
    } catch (RuntimeException e) {
      livePools.decrementAndGet();
      throw e;
    }
  }

  private Tenant.Pool newPool(String id, GuardedDriverDataSource connections) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(id);
    config.setDataSource(connections);
    config.setReadOnly(true);
    // The dialects' guards run every statement in its own read-only transaction (auto-commit off);
    // the pool keeps that state and rolls back whatever a borrower left open.
    config.setAutoCommit(false);
    config.setMaximumPoolSize(settings.maxPerPool());
    config.setMinimumIdle(0);
    config.setIdleTimeout(Duration.ofSeconds(60).toMillis());
    config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
    config.setConnectionTimeout(Math.max(250, settings.acquireTimeout().toMillis()));
    config.setValidationTimeout(
        Math.max(250, Math.min(3000, settings.acquireTimeout().toMillis())));
    config.setInitializationFailTimeout(-1);
    config.setMetricRegistry(meters);
    config.setScheduledExecutor(housekeeping);
    HikariDataSource pool = new HikariDataSource(config);
    return new Tenant.Pool(pool, new CappedDataSource(pool, budget, settings.acquireTimeout()));
  }

  /** The open tenant for {@code key}, if any. */
  public Optional<Tenant> find(TenantKey key) {
    return Optional.ofNullable(tenants.get(key));
  }

  /** Every open tenant, oldest first. */
  public List<Tenant> all() {
    return tenants.values().stream().sorted(Comparator.comparing(Tenant::createdAt)).toList();
  }

  /** Figures for {@code /api/v1/stats/pools}. */
  public Map<String, Object> stats() {
    return Map.of(
        "pools", all().stream().map(Tenant::stats).toList(),
        "poolCount", livePools.get(),
        "tenantCount", tenants.size(),
        "maxPools", settings.maxPools(),
        "maxConnectionsPerPool", settings.maxPerPool(),
        "globalMaxConnections", settings.globalMax(),
        "connectionsInUse", connectionsInUse(),
        "connectionsOpen", budget.open());
  }

  private int connectionsInUse() {
    return tenants.values().stream().mapToInt(Tenant::activeConnections).sum();
  }

  /**
   * Closes the idle connections of every pool (those in use close when returned), so that the
   * global cap's permits go where connections are needed now.
   */
  private void reclaimIdleConnections() {
    for (Tenant tenant : tenants.values()) {
      tenant.evictIdleConnections();
    }
  }

  /**
   * Tenants unused for {@code databaseai.pools.idle-close} lose their pool; those without a session
   * (and not pinned) are forgotten.
   */
  @Scheduled(fixedDelay = "${databaseai.pools.sweep-interval:30s}", initialDelay = "30s")
  public void closeIdle() {
    Instant cutoff = clock.instant().minus(settings.idleClose());
    for (Tenant tenant : tenants.values()) {
      if (!tenant.lastUsed().isBefore(cutoff)) {
        continue;
      }
      if (!pinned.contains(tenant.key())
          && tenant.sessionCount() <= 0
          && tenants.remove(tenant.key(), tenant)) {
        LOG.info("Closing idle pool {} for {}", tenant.id(), tenant.key());
        close(tenant);
      } else {
        tenant
            .detachIfIdle()
            .ifPresent(
                pool -> {
                  livePools.decrementAndGet();
                  LOG.info("Detached idle pool {} for {}", tenant.id(), tenant.key());
                  pool.close();
                });
      }
    }
  }

  private void close(Tenant tenant) {
    if (tenant.close()) {
      livePools.decrementAndGet();
    }
  }

  /** Closes every pool; called on shutdown. */
  @PreDestroy
  @Override
  public void close() {
    for (Tenant tenant : tenants.values()) {
      LOG.info("Closing pool {} for {}", tenant.id(), tenant.key());
      close(tenant);
    }
    tenants.clear();
    housekeeping.shutdownNow();
  }

  /**
   * One housekeeping scheduler shared by every pool, instead of HikariCP's own thread per pool, so
   * that a thousand open pools do not mean a thousand housekeeping threads.
   */
  private static ScheduledThreadPoolExecutor housekeeping() {
    AtomicInteger threads = new AtomicInteger();
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            2,
            task -> {
              Thread thread = new Thread(task, "pool-housekeeping-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    // HikariCP requires it: cancelled housekeeping of closed pools must not pile up in the queue.
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
