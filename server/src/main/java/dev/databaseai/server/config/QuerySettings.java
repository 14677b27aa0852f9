package dev.databaseai.server.config;

import dev.databaseai.dialect.GuardSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * {@code databaseai.query.*}: limits on every statement the server runs for a user.
 *
 * @param maxRows the most rows returned per query; more are cut and {@code truncated} is set
 *     (default 1000)
 * @param statementTimeout the longest one statement may run (default 30 seconds)
 * @param maxRetries the default number of repair attempts after a failed query in /ask (default 3)
 */
@ConfigurationProperties("databaseai.query")
public record QuerySettings(
    @Bindable(defaultValue = "1000") int maxRows,
    @Bindable(defaultValue = "30s") Duration statementTimeout,
    @Bindable(defaultValue = "3") int maxRetries) {

  /** The guards every pooled connection is put under: always read-only. */
  public GuardSettings guardSettings() {
    return new GuardSettings(true, statementTimeout, maxRows);
  }
}
