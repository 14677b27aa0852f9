package dev.databaseai.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * {@code databaseai.demo.*}: the embedded PostgreSQL demo database offered as {@code
 * {"database":"demo"}}.
 *
 * @param enabled start the embedded demo database (default true)
 */
@ConfigurationProperties("databaseai.demo")
public record DemoSettings(@Bindable(defaultValue = "true") boolean enabled) {}
