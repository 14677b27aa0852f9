package dev.databaseai.server.ops;

import dev.databaseai.server.demo.DemoDatabase;
import dev.databaseai.server.llm.ChatModels;
import dev.databaseai.server.pool.TenantPools;
import io.micronaut.context.BeanContext;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerShutdownEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the HTTP server stops (SIGTERM, Ctrl-C, context close): closes every pool first, then the
 * LLM client, then stops the embedded demo database, in that order so that no pool is left talking
 * to a stopped server.
 */
@Singleton
final class GracefulShutdown implements ApplicationEventListener<ServerShutdownEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);

  private final TenantPools pools;
  private final ChatModels models;
  private final BeanContext beans;

  GracefulShutdown(TenantPools pools, ChatModels models, BeanContext beans) {
    this.pools = pools;
    this.models = models;
    this.beans = beans;
  }

  @Override
  public void onApplicationEvent(ServerShutdownEvent event) {
    LOG.info("Shutting down: closing pools, the LLM client and the demo database");
    pools.close();
    models.close();
    beans.findBean(DemoDatabase.class).ifPresent(DemoDatabase::close);
  }
}
