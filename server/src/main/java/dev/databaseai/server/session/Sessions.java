package dev.databaseai.server.session;

import dev.databaseai.server.api.ApiException;
import dev.databaseai.server.config.SessionSettings;
import dev.databaseai.server.pool.Tenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live sessions. Ids are version-4 UUIDs built from 122 bits of {@link SecureRandom}. Lookups
 * are hash-map lookups by the full id: the id is a bearer secret, and a hash lookup does not leak
 * how many leading characters of a guess matched the way a character-by-character scan would. A
 * session belongs to the API key that created it; another key gets the same 404 as an unknown id.
 * Sessions idle longer than {@code databaseai.sessions.ttl} expire. Thread-safe.
 */
@Singleton
public final class Sessions {

  private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);

  private final SessionSettings settings;
  private final Clock clock = Clock.systemUTC();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Session> byId = new ConcurrentHashMap<>();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong expired = new AtomicLong();
  private final AtomicLong deleted = new AtomicLong();
  private final Counter createdCounter;
  private final Counter expiredCounter;

  public Sessions(SessionSettings settings, MeterRegistry meters) {
    if (settings.max() <= 0) {
      throw new IllegalArgumentException(
          "databaseai.sessions.max must be positive, was " + settings.max());
    }
    this.settings = settings;
    Gauge.builder("databaseai.sessions.active", byId, Map::size)
        .description("live sessions")
        .register(meters);
    this.createdCounter = Counter.builder("databaseai.sessions.opened").register(meters);
    this.expiredCounter = Counter.builder("databaseai.sessions.expired").register(meters);
  }

  /**
   * A new session on {@code tenant} for {@code owner}.
   *
   * @throws ApiException 503 when {@code databaseai.sessions.max} sessions exist
   */
  public Session create(String owner, Tenant tenant, String database) {
    if (byId.size() >= settings.max()) {
      sweep();
      if (byId.size() >= settings.max()) {
        throw new ApiException(
            HttpStatus.SERVICE_UNAVAILABLE,
            "SESSION_LIMIT",
            "This server already holds "
                + byId.size()
                + " sessions, its limit (databaseai.sessions.max). Delete sessions you no longer need"
                + " (DELETE /api/v1/sessions/{id}) or ask the operator to raise the limit.");
      }
    }
    Session session = new Session(newId(), owner, tenant, database, clock.instant());
    byId.put(session.id(), session);
    tenant.sessionOpenHook();
    created.incrementAndGet();
    createdCounter.increment();
    return session;
  }

  private String newId() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40);
    bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80);
    long msb = 0;
    long lsb = 0;
    for (int i = 0; i < 8; i++) {
      msb = (msb << 8) | (bytes[i] & 0xff);
      lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
    }
    return new UUID(msb, lsb).toString();
  }

  /**
   * The live session {@code id} owned by {@code owner}, marked used.
   *
   * @throws ApiException 404 when it does not exist, has expired, or belongs to another key
   */
  public Session get(String id, String owner) {
    Session session = id == null ? null : byId.get(id);
    Instant now = clock.instant();
    if (session != null && session.expiresAt(settings.ttl()).isBefore(now)) {
      remove(session, true);
      session = null;
    }
    if (session == null || !session.owner().equals(owner)) {
      throw new ApiException(
          HttpStatus.NOT_FOUND,
          "SESSION_NOT_FOUND",
          "No session '"
              + abbreviate(id)
              + "': it never existed, has expired after "
              + settings.ttl().toMinutes()
              + " idle minutes, or was deleted. Create one with POST /api/v1/sessions.");
    }
    session.touch(now);
    return session;
  }

  private static String abbreviate(String id) {
    if (id == null) {
      return "";
    }
    return id.length() > 64 ? id.substring(0, 64) + "…" : id;
  }

  /**
   * Ends session {@code id} of {@code owner}.
   *
   * @throws ApiException 404 as {@link #get}
   */
  public void delete(String id, String owner) {
    Session session = get(id, owner);
    if (remove(session, false)) {
      deleted.incrementAndGet();
    }
  }

  private boolean remove(Session session, boolean expiry) {
    if (byId.remove(session.id(), session)) {
      session.tenant().sessionCloseHook();
      if (expiry) {
        expired.incrementAndGet();
        expiredCounter.increment();
      }
      return true;
    }
    return false;
  }

  /** Removes every expired session; runs every {@code databaseai.sessions.sweep-interval}. */
  @Scheduled(fixedDelay = "${databaseai.sessions.sweep-interval:30s}", initialDelay = "10s")
  public void sweep() {
    Instant now = clock.instant();
    int removed = 0;
    for (Session session : byId.values()) {
      if (session.expiresAt(settings.ttl()).isBefore(now) && remove(session, true)) {
        removed++;
      }
    }
    if (removed > 0) {
      LOG.info("Expired {} idle session(s)", removed);
    }
  }

  /** The sessions of {@code owner}. */
  public List<Session> ownedBy(String owner) {
    return byId.values().stream().filter(s -> s.owner().equals(owner)).toList();
  }

  /** Figures for {@code /api/v1/stats/sessions}. */
  public Map<String, Object> stats() {
    Map<String, Long> perDatabase = new LinkedHashMap<>();
    for (Session session : byId.values()) {
      perDatabase.merge(session.tenant().id(), 1L, Long::sum);
    }
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("active", byId.size());
    stats.put("max", settings.max());
    stats.put("ttlSeconds", settings.ttl().toSeconds());
    stats.put("created", created.get());
    stats.put("expired", expired.get());
    stats.put("deleted", deleted.get());
    stats.put("perPool", perDatabase);
    return stats;
  }

  /** The configured idle lifetime. */
  public java.time.Duration ttl() {
    return settings.ttl();
  }
}
