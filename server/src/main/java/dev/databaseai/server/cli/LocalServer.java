package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import java.util.Optional;

/**
 * A DatabaseAI server started inside the CLI's process on a free loopback port, for {@code --demo}:
 * the demo database lives in the server, so the CLI talks to it over the same HTTP API as {@code
 * --server}. The server reads its LLM settings from the process environment as usual. Stopped (with
 * its demo database) on {@link #close()}.
 */
final class LocalServer implements Backend {

  private final ApplicationContext context;
  private final RemoteBackend remote;

  private LocalServer(ApplicationContext context, RemoteBackend remote) {
    this.context = context;
    this.remote = remote;
  }

  /** Starts the server with its demo database and opens a demo session on it. */
  static LocalServer openDemo(Progress progress) {
    return open(Json.MAPPER.createObjectNode().put("database", "demo"), true, progress);
  }

  /**
   * Starts the server (with the demo database only when {@code demo}) and opens {@code session}
   * ({@code {"database":"demo"}} or {@code {"jdbcUrl","username","password"}}) on it.
   */
  static LocalServer open(ObjectNode session, boolean demo, Progress progress) {
    progress.step(demo ? "starting the demo database (a few seconds)" : "starting the agent");
    ApplicationContext context;
    try {
      EmbeddedServer server =
          ApplicationContext.run(
              EmbeddedServer.class,
              Map.of(
                  "micronaut.server.port",
                  -1,
                  "micronaut.server.host",
                  "127.0.0.1",
                  "databaseai.demo.enabled",
                  demo));
      context = server.getApplicationContext();
      try {
        RemoteBackend remote =
            RemoteBackend.open(server.getURL().toString(), session, Optional.empty());
        return new LocalServer(context, remote);
      } catch (RuntimeException e) {
        context.close();
        throw e;
      }
    } catch (CliException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CliException(
          ExitCodes.QUERY_FAILED,
          "Cannot start " + (demo ? "the demo database" : "the agent") + ": " + rootMessage(e),
          e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  @Override
  public String dialect() {
    return remote.dialect();
  }

  @Override
  public SqlOutcome sql(String sql) {
    return remote.sql(sql);
  }

  @Override
  public JsonNode schema() {
    return remote.schema();
  }

  @Override
  public AskOutcome ask(String question, Progress progress) {
    return remote.ask(question, progress);
  }

  @Override
  public void newConversation() {
    remote.newConversation();
  }

  @Override
  public void close() {
    remote.close();
    context.close();
  }
}
