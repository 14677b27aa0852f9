package dev.databaseai.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code databaseai.sessions.*}: how long an unused session lives, how many may exist at once, and
 * how often expired ones are swept.
 *
 * @param ttl idle time after which a session expires (default 60 minutes)
 * @param max the most sessions alive at once across all users (default 1000)
 * @param sweepInterval how often expired sessions are removed (default 30 seconds)
 */
@ConfigurationProperties("databaseai.sessions")
public record SessionSettings(
    @Bindable(defaultValue = "60m") Duration ttl,
    @Bindable(defaultValue = "1000") int max,
    @Bindable(defaultValue = "30s") Duration sweepInterval) {}
