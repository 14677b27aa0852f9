package dev.databaseai.server.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * {@code databaseai.api-keys} and {@code databaseai.allowed-hosts}: who may call the API and which
 * database hosts sessions may reach. {@link #toString()} never shows a key.
 *
 * @param apiKeys bearer keys; empty means no authentication and a server bound to 127.0.0.1 only
 * @param allowedHosts database host names or addresses sessions may connect to; empty means any
 */
@ConfigurationProperties("databaseai")
public record AccessSettings(
    @Bindable(defaultValue = "") List<String> apiKeys,
    @Bindable(defaultValue = "") List<String> allowedHosts) {

  public AccessSettings {
    apiKeys =
        apiKeys == null
            ? List.of()
            : apiKeys.stream().map(String::trim).filter(k -> !k.isEmpty()).toList();
    allowedHosts =
        allowedHosts == null
            ? List.of()
            : allowedHosts.stream().map(String::trim).filter(h -> !h.isEmpty()).toList();
  }

  /** Whether callers must present a bearer key. */
  public boolean authenticationRequired() {
    return !apiKeys.isEmpty();
  }

  @Override
  public String toString() {
    return "AccessSettings[apiKeys="
        + apiKeys.size()
        + " configured, allowedHosts="
        + allowedHosts
        + "]";
  }
}
