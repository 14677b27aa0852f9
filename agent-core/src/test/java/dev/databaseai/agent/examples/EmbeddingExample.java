package dev.databaseai.agent.examples;

import dev.databaseai.agent.AgentAnswer;
import dev.databaseai.agent.AgentFailedException;
import dev.databaseai.agent.Attempt;
import dev.databaseai.agent.Conversation;
import dev.databaseai.agent.SqlAgent;
import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.LlmConfig;
import dev.databaseai.llm.LlmProviders;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The smallest complete embedding of the agent (see docs/embedding.md): a data source, a chat model
 * from whichever LLM provider is configured in the environment, one question and a follow-up.
 *
 * <pre>
 * java -cp … dev.databaseai.agent.examples.EmbeddingExample \
 *     jdbc:postgresql://localhost:5432/shop alice "How many orders per status?"
 * </pre>
 *
 * The password is read from {@code DATABASEAI_EXAMPLE_PASSWORD}, never from the command line.
 */
public final class EmbeddingExample {

  private EmbeddingExample() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println(
          "usage: EmbeddingExample <jdbc-url> <user> <question> [follow-up]"
              + " (password in DATABASEAI_EXAMPLE_PASSWORD; LLM from OPENAI_API_KEY, VLLM_BASE_URL or OLLAMA_HOST)");
      System.exit(2);
    }
    String password = System.getenv().getOrDefault("DATABASEAI_EXAMPLE_PASSWORD", "");
    LlmConfig config = LlmConfig.fromEnvironment();
    String selection = config.get("DATABASEAI_LLM_PROVIDER").orElse(LlmProviders.AUTO);
    try (ChatModel model =
        LlmProviders.load()
            .select(selection, config)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No LLM provider is configured: set OPENAI_API_KEY, VLLM_BASE_URL or OLLAMA_HOST"
                            + " and put the provider's jar (llm-openai, llm-vllm or llm-ollama) on the class path"))
            .create(config)) {
      DataSource dataSource = new DriverManagerDataSource(args[0], args[1], password);
      String followUp = args.length > 3 ? args[3] : null;
      run(dataSource, args[0], model, args[2], followUp, System.out);
    }
  }

  /**
   * Builds an agent, asks {@code question} (and {@code followUp} when not null) and prints the
   * answers.
   */
  public static void run(
      DataSource dataSource,
      String jdbcUrl,
      ChatModel model,
      String question,
      String followUp,
      PrintStream out) {
    SqlAgent agent =
        SqlAgent.builder()
            .dataSource(dataSource)
            .jdbcUrl(jdbcUrl) // the dialect is found from the URL
            .chatModel(model)
            .guardSettings(new GuardSettings(true, Duration.ofSeconds(15), 200))
            .maxRetries(3)
            .listener(event -> out.println("  [" + event.type() + "]"))
            .build();
    Conversation conversation = Conversation.create();
    print(agent, question, conversation, out);
    if (followUp != null) {
      print(agent, followUp, conversation, out);
    }
  }

  private static void print(
      SqlAgent agent, String question, Conversation conversation, PrintStream out) {
    out.println("Q: " + question);
    try {
      AgentAnswer answer = agent.ask(question, conversation);
      out.println("SQL: " + answer.sql());
      out.println(answer.result().columns());
      answer.result().rows().forEach(out::println);
      if (answer.result().truncated()) {
        out.println("(more rows than the cap)");
      }
      for (Attempt attempt : answer.attempts()) {
        out.println(
            "  attempt: "
                + attempt.promptTokens()
                + " prompt tokens, "
                + attempt.elapsedMs()
                + " ms"
                + attempt.error().map(d -> ", " + d.category() + ": " + d.message()).orElse(""));
      }
    } catch (AgentFailedException e) {
      out.println("No answer: " + e.getMessage());
    }
  }

  /**
   * A non-pooling data source over {@link DriverManager}; use a pool (HikariCP) in applications.
   */
  static final class DriverManagerDataSource implements DataSource {
    private final String url;
    private final String user;
    private final String password;

    DriverManagerDataSource(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
      return DriverManager.getConnection(url, username, pass);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {
      DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
      return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
