package dev.databaseai.server.pool;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Monitoring figures of one pool, as {@code GET /api/v1/stats/pools} shows them; the URL is
 * redacted and no password appears.
 */
@Serdeable
public record PoolStats(
    String pool,
    String dialect,
    String jdbcUrl,
    String username,
    int maxConnections,
    int active,
    int idle,
    int total,
    int waiting,
    int sessions,
    boolean schemaCached,
    String createdAt,
    String lastUsed) {}
