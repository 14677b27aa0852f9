package dev.databaseai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.databaseai.agent.AgentAnswer;
import dev.databaseai.agent.SqlAgent;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.FinishReason;
import dev.databaseai.llm.TokenUsage;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the agent adds per question beyond the model and the database: linking on a 300-table
 * schema, prompt building, extraction, the guard, and (on the repair path) the error analysis. The
 * model is an in-process {@link ChatModel} that answers instantly; the baseline is the same SQL run
 * through the same pool with plain JDBC, measured in the same run.
 */
@Tag("benchmark")
class AgentOverheadBenchmark {

  private static final int TABLES = 300;
  private static final int QUESTIONS = 300;
  private static final String GOOD_SQL =
      "SELECT c.name, count(o.id) FROM customer_017 c JOIN order_017 o ON o.customer_id = c.id GROUP BY c.name";
  private static final String BROKEN_SQL =
      "SELECT c.customer_name, count(o.id) FROM customer_017 c JOIN order_017 o ON o.customer_id = c.id"
          + " GROUP BY c.customer_name";

  /** Answers instantly with the SQL {@code answer} picks for the n-th call. */
  record InstantModel(Function<Integer, String> answer, AtomicInteger calls) implements ChatModel {
    InstantModel(Function<Integer, String> answer) {
      this(answer, new AtomicInteger());
    }

    @Override
    public String providerId() {
      return "instant";
    }

    @Override
    public String modelName() {
      return "instant-sql";
    }

    @Override
    public ChatResponse complete(ChatRequest request) {
      String sql = answer.apply(calls.getAndIncrement());
      return new ChatResponse(
          "```sql\n" + sql + "\n```", FinishReason.STOP, TokenUsage.NONE, "instant-sql");
    }
  }

  @Test
  void agentOverheadPerQuestionOnA300TableSchema() throws Exception {
    TestDatabase db = TestDatabases.postgres("bench_agent");
    createSchema(db);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.username());
    config.setPassword(db.password());
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      SqlAgent direct = agent(pool, db, new InstantModel(n -> GOOD_SQL));
      SqlAgent repairing =
          agent(pool, db, new InstantModel(n -> n % 2 == 0 ? BROKEN_SQL : GOOD_SQL));
      String[] questions = {
        "How many orders has each customer placed?",
        "Number of orders per customer name",
        "Which customers ordered the most items last month?"
      };
      for (int i = 0; i < 100; i++) { // warm-up: schema snapshot, classes, JIT
        direct.ask(questions[i % questions.length]);
        repairing.ask(questions[i % questions.length]);
        plain(pool);
      }
      List<double[]> rounds = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        Stats ask = new Stats();
        Stats repair = new Stats();
        Stats jdbc = new Stats();
        for (int i = 0; i < QUESTIONS; i++) {
          long t = System.nanoTime();
          AgentAnswer answer = direct.ask(questions[i % questions.length]);
          ask.add(System.nanoTime() - t);
          assertThat(answer.attempts()).hasSize(1);
          t = System.nanoTime();
          AgentAnswer repaired = repairing.ask(questions[i % questions.length]);
          repair.add(System.nanoTime() - t);
          assertThat(repaired.attempts()).hasSize(2);
          t = System.nanoTime();
          plain(pool);
          jdbc.add(System.nanoTime() - t);
        }
        rounds.add(
            new double[] {
              ask.percentileMs(50),
              ask.percentileMs(99),
              repair.percentileMs(50),
              repair.percentileMs(99),
              jdbc.percentileMs(50),
              jdbc.percentileMs(99)
            });
      }
      double[] m = new double[6];
      for (int k = 0; k < 6; k++) {
        final int index = k;
        m[k] = Stats.median(rounds.stream().mapToDouble(r -> r[index]).toArray());
      }
      double overhead = m[0] - m[4];
      double repairOverhead = m[2] - 2 * m[4];
      new Report("Agent overhead per question, model time excluded (300-table PostgreSQL schema)")
          .line(
              TABLES
                  + " tables ("
                  + TABLES / 2
                  + " customer/order pairs, 8-12 columns, foreign keys, comments)"
                  + " on the testkit PostgreSQL; `SqlAgent.ask` with an in-process ChatModel that answers instantly;"
                  + " "
                  + QUESTIONS
                  + " questions per round, 3 rounds, medians. Baseline: the same SQL through the same"
                  + " HikariCP pool with plain JDBC. The repair path: the model first proposes an unknown column"
                  + " (`c.customer_name`), the database rejects it, the ErrorAnalyzer diagnoses, the retry prompt is"
                  + " built and the model's second answer runs.")
          .line("")
          .line("| path | p50 (ms) | p99 (ms) |")
          .line("| --- | ---: | ---: |")
          .line(
              "| `ask`, answered on the first attempt | "
                  + Stats.ms(m[0])
                  + " | "
                  + Stats.ms(m[1])
                  + " |")
          .line(
              "| `ask`, one failed attempt + repair | "
                  + Stats.ms(m[2])
                  + " | "
                  + Stats.ms(m[3])
                  + " |")
          .line(
              "| baseline: the SQL alone through plain JDBC | "
                  + Stats.ms(m[4])
                  + " | "
                  + Stats.ms(m[5])
                  + " |")
          .line("")
          .line(
              String.format(
                  Locale.ROOT,
                  "Agent overhead at p50: %.1f ms per question on the first attempt"
                      + " (goal < 20 ms), %.1f ms with one repair (beyond two database round trips).",
                  overhead,
                  repairOverhead))
          .write();
      assertThat(overhead).as("agent overhead p50 (ms)").isLessThan(20);
    }
  }

  private static SqlAgent agent(HikariDataSource pool, TestDatabase db, ChatModel model) {
    return SqlAgent.builder()
        .dataSource(pool)
        .jdbcUrl(db.jdbcUrl())
        .chatModel(model)
        .maxRetries(3)
        .build();
  }

  private static void plain(HikariDataSource pool) throws Exception {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(GOOD_SQL)) {
      while (rs.next()) {
        rs.getString(1);
      }
    }
  }

  private static void createSchema(TestDatabase db) {
    List<String> ddl = new ArrayList<>();
    for (int i = 1; i <= TABLES / 2; i++) {
      String n = String.format(Locale.ROOT, "%03d", i);
      ddl.add(
          "CREATE TABLE customer_"
              + n
              + " (id int PRIMARY KEY, name text NOT NULL, email text, city text,"
              + " country char(2), created_at timestamp, segment text, credit_limit numeric(10,2))");
      ddl.add("COMMENT ON TABLE customer_" + n + " IS 'customers of region " + n + "'");
      ddl.add(
          "CREATE TABLE order_"
              + n
              + " (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES customer_"
              + n
              + " (id), ordered_at timestamp NOT NULL, status text, total numeric(12,2), items int, channel text,"
              + " shipped_at timestamp, discount numeric(5,2), note text, currency char(3))");
    }
    ddl.add(
        "INSERT INTO customer_017 SELECT g, 'customer ' || g, 'c' || g || '@example.com', 'Paris', 'FR',"
            + " now(), 'retail', 1000 FROM generate_series(1, 50) g");
    ddl.add(
        "INSERT INTO order_017 SELECT g, 1 + g % 50, now() - g * interval '1 hour', 'paid', g, 1 + g % 5,"
            + " 'web', NULL, 0, NULL, 'EUR' FROM generate_series(1, 500) g");
    ddl.add("ANALYZE");
    db.execute(ddl.toArray(String[]::new));
  }
}
