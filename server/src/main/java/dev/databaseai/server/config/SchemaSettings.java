package dev.databaseai.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code databaseai.schema.*}: the schema snapshot cache, shared by every session on one database.
 *
 * @param ttl how long a snapshot is served before it is read again (default 1 hour)
 */
@ConfigurationProperties("databaseai.schema")
public record SchemaSettings(@Bindable(defaultValue = "1h") Duration ttl) {}
