package dev.databaseai.server.ops;

import dev.databaseai.server.config.AccessSettings;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.configuration.NettyHttpServerConfiguration;
import jakarta.inject.Singleton;

/**
 * Without API keys the server binds to 127.0.0.1 only, whatever host was configured, so that an
 * unauthenticated server is never reachable from the network. With keys, the configured host (or
 * every interface) is used.
 */
@Singleton
final class LoopbackBinding implements BeanCreatedEventListener<NettyHttpServerConfiguration> {

  /** The address an unauthenticated server binds to. */
  static final String LOOPBACK = "127.0.0.1";

  private final AccessSettings access;
  private final Environment environment;

  LoopbackBinding(AccessSettings access, Environment environment) {
    this.access = access;
    this.environment = environment;
  }

  @Override
  public NettyHttpServerConfiguration onCreated(
      BeanCreatedEvent<NettyHttpServerConfiguration> event) {
    NettyHttpServerConfiguration configuration = event.getBean();
    if (!access.authenticationRequired()) {
      configuration.setHost(LOOPBACK);
    } else if (configuration.getHost().isEmpty()
        && environment.getProperty("micronaut.server.host", String.class).isEmpty()) {
      configuration.setHost("0.0.0.0");
    }
    return configuration;
  }
}
