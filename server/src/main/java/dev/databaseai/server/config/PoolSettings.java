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
 * @param idleClose a pool unused this long, with no session on it, is closed (default 10 minutes)
 * @param maxPools the most pools (distinct databases) at once (default 100)
 */
@ConfigurationProperties("databaseai.pools")
public record PoolSettings(
    @Bindable(defaultValue = "5") int maxPerPool,
    @Bindable(defaultValue = "40") int globalMax,
    @Bindable(defaultValue = "5s") Duration acquireTimeout,
    @Bindable(defaultValue = "10m") Duration idleClose,
    @Bindable(defaultValue = "100") int maxPools) {}
