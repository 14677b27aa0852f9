package dev.databaseai.server.ops;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.server.config.AccessSettings;
import dev.databaseai.server.demo.DemoDatabase;
import dev.databaseai.server.llm.ChatModels;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once the server listens: starts the demo database (so the first session is fast), then prints the
 * URL to open, the binding policy and what the LLM setup is.
 */
@Singleton
final class StartupReport implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger("dev.databaseai.server");

  private final AccessSettings access;
  private final BeanProvider<DemoDatabase> demo;
  private final ChatModels models;
  private final Dialects dialects;
  private final io.micronaut.context.BeanContext beans;

  StartupReport(
      AccessSettings access,
      BeanProvider<DemoDatabase> demo,
      ChatModels models,
      Dialects dialects,
      io.micronaut.context.BeanContext beans) {
    this.access = access;
    this.demo = demo;
    this.models = models;
    this.dialects = dialects;
    this.beans = beans;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    EmbeddedServer server = event.getSource();
    String demoLine;
    if (demo.isPresent()) {
      try {
        demo.get().credentials();
        demoLine = "demo database ready: POST /api/v1/sessions {\"database\":\"demo\"}";
      } catch (IllegalStateException e) {
        demoLine = "demo database unavailable: " + e.getMessage();
      }
    } else {
      demoLine = "demo database disabled (databaseai.demo.enabled=false)";
    }
    String security =
        access.authenticationRequired()
            ? access.apiKeys().size()
                + " API key(s) configured: /api requires 'Authorization: Bearer <key>'"
            : "no API keys configured (databaseai.api-keys / DATABASEAI_API_KEYS), so the server listens on"
                + " 127.0.0.1 only";
    String url = "http://" + server.getHost() + ":" + server.getPort() + "/";
    LOG.info("Dialects: {}", dialects.all().stream().map(Dialect::id).toList());
    LOG.info("LLM: {}", models.describe());
    LOG.info("Security: {}", security);
    LOG.info("{}", demoLine);
    LOG.info("API docs: {}openapi/databaseai-v1.yml   health: {}health", url, url);
    LOG.info("DatabaseAI is running at {}  (open it in a browser)", url);
  }
}
