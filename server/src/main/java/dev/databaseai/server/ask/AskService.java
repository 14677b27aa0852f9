package dev.databaseai.server.ask;

import dev.databaseai.agent.AgentAnswer;
import dev.databaseai.agent.AgentListener;
import dev.databaseai.agent.AskOptions;
import dev.databaseai.agent.Attempt;
import dev.databaseai.agent.ContextPreview;
import dev.databaseai.agent.Conversation;
import dev.databaseai.agent.SessionGuardPolicy;
import dev.databaseai.agent.SqlAgent;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.server.config.QuerySettings;
import dev.databaseai.server.config.SchemaSettings;
import dev.databaseai.server.llm.ChatModels;
import dev.databaseai.server.llm.MissingChatModel;
import dev.databaseai.server.pool.Tenant;
import dev.databaseai.server.session.Session;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Answers questions for sessions with {@link SqlAgent}: one agent per database (tenant) and model,
 * over the tenant's pool and shared schema snapshot; each question brings its own retry budget and
 * listener ({@link AskOptions}), and each session keeps its own conversation for follow-ups.
 * Thread-safe.
 */
@Singleton
public final class AskService {

  private final ChatModels models;
  private final QuerySettings query;
  private final SchemaSettings schema;
  private final MeterRegistry meters;
  // Weak keys: a tenant whose pool was closed and dropped takes its agent with it.
  private final Map<Tenant, Built> agents = Collections.synchronizedMap(new WeakHashMap<>());
  private static final ChatModel NO_MODEL = new MissingChatModel();

  private record Built(ChatModel model, SqlAgent agent) {}

  public AskService(
      ChatModels models, QuerySettings query, SchemaSettings schema, MeterRegistry meters) {
    this.models = models;
    this.query = query;
    this.schema = schema;
    this.meters = meters;
  }

  /**
   * Answers {@code question} in {@code session}'s conversation, reporting each step to {@code
   * listener}.
   *
   * @throws dev.databaseai.server.api.ApiException 503 when no model is configured or reachable
   * @throws dev.databaseai.agent.AgentFailedException when no statement worked within the retries
   * @throws dev.databaseai.llm.LlmException when the model fails
   */
  public AgentAnswer ask(Session session, String question, int maxRetries, AgentListener listener) {
    ChatModel model = models.require();
    SqlAgent agent = agentFor(session.tenant(), model);
    Conversation conversation = session.conversation(Conversation::create);
    AskOptions options = AskOptions.DEFAULTS.withMaxRetries(maxRetries).withListener(listener);
    try {
      AgentAnswer answer = agent.ask(question, conversation, options);
      record(answer.attempts(), "answered");
      return answer;
    } catch (dev.databaseai.agent.AgentFailedException e) {
      record(e.attempts(), "failed");
      throw e;
    }
  }

  /** Checks that a model is available (503 otherwise) without asking anything. */
  public void requireModel() {
    models.require();
  }

  /** What the model would see of the schema for {@code question}; works without a model. */
  public ContextPreview context(Session session, String question) {
    ChatModel model = models.current().orElse(NO_MODEL);
    return agentFor(session.tenant(), model).context(question);
  }

  private SqlAgent agentFor(Tenant tenant, ChatModel model) {
    synchronized (agents) {
      Built built = agents.get(tenant);
      if (built == null || built.model() != model) {
        built = new Built(model, build(tenant, model));
        agents.put(tenant, built);
      }
      return built.agent();
    }
  }

  private SqlAgent build(Tenant tenant, ChatModel model) {
    return SqlAgent.builder()
        .dataSource(tenant.dataSource())
        .jdbcUrl(tenant.key().jdbcUrl())
        .dialect(tenant.dialect())
        .chatModel(model)
        .guardSettings(query.guardSettings())
        .sessionGuardPolicy(SessionGuardPolicy.APPLIED_BY_POOL)
        .schemaCache(new TenantSchemaCache(tenant, schema.ttl()), tenant.id())
        .maxRetries(query.maxRetries())
        .build();
  }

  private void record(java.util.List<Attempt> attempts, String outcome) {
    meters.counter("databaseai.ask.questions", "outcome", outcome).increment();
    meters.counter("databaseai.ask.attempts").increment(attempts.size());
    for (Attempt attempt : attempts) {
      attempt
          .error()
          .ifPresent(
              d ->
                  meters
                      .counter("databaseai.ask.retries", "category", d.category().name())
                      .increment());
    }
  }
}
