package dev.databaseai.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code databaseai.pools.*}: one HikariCP pool per database identity (JDBC URL + user).
 *
 * @param maxPerPool the most connections one pool opens (default 5)
 * @param globalMax the most connections open across all pools together (default 40)
 * @param acquireTimeout how long a request waits for a connection before a 503 (default 5 seconds)
 * @param idleClose a database unused this long loses its pool, and is forgotten when it has no
 *     session (default 10 minutes)
 * @param maxPools the most live pools at once; opening another detaches the least recently used
 *     idle one (default 40, as many as {@code globalMax}: more could not all hold a connection)
 */
@ConfigurationProperties("databaseai.pools")
public record PoolSettings(
    @Bindable(defaultValue = "5") int maxPerPool,
    @Bindable(defaultValue = "40") int globalMax,
    @Bindable(defaultValue = "5s") Duration acquireTimeout,
    @Bindable(defaultValue = "10m") Duration idleClose,
    @Bindable(defaultValue = "40") int maxPools) {}
