package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.databaseai.agent.AgentAnswer;
import dev.databaseai.agent.AgentEvent;
import dev.databaseai.agent.AgentException;
import dev.databaseai.agent.AgentFailedException;
import dev.databaseai.agent.AgentListener;
import dev.databaseai.agent.Attempt;
import dev.databaseai.agent.QueryOutcome;
import dev.databaseai.agent.QueryResult;
import dev.databaseai.agent.SqlAgent;
import dev.databaseai.agent.analysis.Diagnosis;
import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.JdbcUrls;
import dev.databaseai.dialect.NoSuchPluginException;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmException;
import dev.databaseai.llm.LlmProvider;
import dev.databaseai.llm.LlmProviders;
import dev.databaseai.server.llm.MissingChatModel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Runs the CLI's commands in this process through the embeddable agent ({@link SqlAgent}) on a JDBC
 * URL: the dialect is found from the URL, the chat model from the environment ({@code
 * DATABASEAI_LLM_PROVIDER}, {@code OPENAI_API_KEY}, {@code VLLM_BASE_URL}, {@code OLLAMA_HOST}…).
 * {@code sql} and {@code schema} work without a model.
 */
final class EmbeddedBackend implements Backend {

  private final SqlAgent agent;
  private final ChatModel model;
  private final boolean modelConfigured;
  private final Relay relay;

  private EmbeddedBackend(SqlAgent agent, ChatModel model, boolean modelConfigured, Relay relay) {
    this.agent = agent;
    this.model = model;
    this.modelConfigured = modelConfigured;
    this.relay = relay;
  }

  /** Passes the agent's steps to the progress of the question being asked. */
  private static final class Relay implements AgentListener {
    volatile Progress target = Progress.NONE;

    @Override
    public void onEvent(AgentEvent event) {
      String step = describe(event);
      if (!step.isEmpty()) {
        target.step(step);
      }
    }
  }

  /**
   * Connects once to check the URL and credentials, then builds the agent.
   *
   * @throws CliException naming the (redacted) URL and user when the database cannot be reached, or
   *     what to set when the LLM configuration is invalid
   */
  static EmbeddedBackend open(
      String url, String user, String password, CliContext context, Progress progress) {
    Dialect dialect;
    try {
      dialect = Dialects.load().forJdbcUrl(url);
    } catch (NoSuchPluginException e) {
      throw new CliException(ExitCodes.USAGE, e.getMessage());
    }
    DriverDataSource dataSource = new DriverDataSource(url, user, password);
    progress.step(
        "connecting to "
            + JdbcUrls.redact(url)
            + " as "
            + user
            + " ("
            + dialect.displayName()
            + ")");
    try (Connection ignored = dataSource.getConnection()) {
      // reachable with these credentials
    } catch (SQLException e) {
      throw new CliException(
          ExitCodes.QUERY_FAILED,
          "Cannot connect to "
              + JdbcUrls.redact(url)
              + " as "
              + user
              + ": "
              + firstLine(e.getMessage()));
    }
    LlmConfig config = LlmConfig.of(context.env());
    String selection = context.env("DATABASEAI_LLM_PROVIDER").orElse(LlmProviders.AUTO);
    ChatModel model;
    boolean configured;
    try {
      Optional<LlmProvider> provider = LlmProviders.load().select(selection, config);
      configured = provider.isPresent();
      model = configured ? provider.get().create(config) : new MissingChatModel();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CliException(
          ExitCodes.USAGE, "The LLM configuration is not usable: " + e.getMessage());
    }
    Relay relay = new Relay();
    SqlAgent agent =
        SqlAgent.builder()
            .dataSource(dataSource)
            .jdbcUrl(url)
            .dialect(dialect)
            .chatModel(model)
            .guardSettings(GuardSettings.DEFAULT)
            .listener(relay)
            .build();
    return new EmbeddedBackend(agent, model, configured, relay);
  }

  @Override
  public String dialect() {
    return agent.dialect().id();
  }

  @Override
  public SqlOutcome sql(String sql) {
    QueryOutcome outcome = agent.execute(sql);
    if (outcome.result().isPresent()) {
      return SqlOutcome.ok(table(outcome.result().get()));
    }
    return SqlOutcome.failed(error(outcome.error().orElseThrow()));
  }

  @Override
  public JsonNode schema() {
    try {
      return Json.MAPPER.valueToTree(agent.schema());
    } catch (AgentException e) {
      throw new CliException(ExitCodes.QUERY_FAILED, "Cannot read the schema: " + Cli.describe(e));
    }
  }

  @Override
  public AskOutcome ask(String question, Progress steps) {
    if (!modelConfigured) {
      throw new CliException(ExitCodes.QUERY_FAILED, MissingChatModel.WHAT_TO_SET);
    }
    relay.target = steps;
    try {
      AgentAnswer answer = agent.ask(question);
      return new AskOutcome(
          answer.sql(),
          Optional.of(table(answer.result())),
          attempts(answer.attempts()),
          answer.provider(),
          answer.model(),
          answer.elapsedMs());
    } catch (AgentFailedException e) {
      List<AskAttempt> attempts = attempts(e.attempts());
      String last = attempts.isEmpty() ? "" : attempts.get(attempts.size() - 1).sql();
      long elapsed = attempts.stream().mapToLong(AskAttempt::elapsedMs).sum();
      return new AskOutcome(
          last, Optional.empty(), attempts, model.providerId(), model.modelName(), elapsed);
    } catch (LlmException e) {
      throw new CliException(
          ExitCodes.QUERY_FAILED,
          "The model failed (" + model.providerId() + "): " + e.getMessage());
    } catch (AgentException e) {
      throw new CliException(ExitCodes.QUERY_FAILED, "Cannot answer: " + Cli.describe(e));
    } finally {
      relay.target = Progress.NONE;
    }
  }

  @Override
  public void close() {
    model.close();
  }

  static ResultTable table(QueryResult result) {
    return new ResultTable(
        result.columns().stream().map(c -> new ResultColumn(c.name(), c.type())).toList(),
        result.rows(),
        result.rowCount(),
        result.truncated(),
        result.elapsedMs());
  }

  static QueryError error(Diagnosis d) {
    return new QueryError(d.category().name(), d.message(), d.hint(), d.suggestions());
  }

  private static List<AskAttempt> attempts(List<Attempt> attempts) {
    return attempts.stream()
        .map(
            a ->
                new AskAttempt(
                    a.sql(),
                    a.error().map(EmbeddedBackend::error),
                    a.promptTokens(),
                    a.elapsedMs()))
        .toList();
  }

  private static String describe(AgentEvent event) {
    if (event instanceof AgentEvent.ContextChosen c) {
      return "schema context: "
          + String.join(", ", c.context().tables())
          + " ("
          + c.context().tokens()
          + " of "
          + c.context().fullSchemaTokens()
          + " tokens)";
    }
    if (event instanceof AgentEvent.SqlProposed p) {
      return "attempt " + p.attempt() + ": " + p.sql().replaceAll("\\s+", " ").strip();
    }
    if (event instanceof AgentEvent.Failed f) {
      return "attempt " + f.attempt() + " failed: " + error(f.diagnosis()).summary();
    }
    if (event instanceof AgentEvent.Retrying r) {
      return "retrying (attempt " + r.nextAttempt() + ")";
    }
    return "";
  }

  private static String firstLine(String message) {
    return message == null ? "" : message.lines().findFirst().orElse("");
  }
}
