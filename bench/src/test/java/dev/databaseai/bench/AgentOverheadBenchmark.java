package dev.databaseai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.databaseai.agent.AgentAnswer;
import dev.databaseai.agent.AgentEvent;
import dev.databaseai.agent.SqlAgent;
import dev.databaseai.agent.analysis.ErrorAnalyzer;
import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.FinishReason;
import dev.databaseai.llm.TokenUsage;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import dev.databaseai.testkit.schemas.BenchmarkQuestions;
import dev.databaseai.testkit.schemas.BenchmarkQuestions.Question;
import dev.databaseai.testkit.schemas.BenchmarkSchemas;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the agent adds per question beyond the model and the database, on the two realistic
 * 300-table schemas of the linking benchmark ({@link BenchmarkSchemas}, built in the testkit
 * PostgreSQL with rows and lookup labels) and their 65 questions ({@link BenchmarkQuestions}). The
 * model is an in-process {@link ChatModel} that answers instantly with a join over the question's
 * gold tables; the baseline is the same SQL run through the same pool with plain JDBC, measured in
 * the same run. Agent events, timed as they arrive, split each question into linking, prompt,
 * guard, execution and (on the repair path) the failed attempt's diagnosis and the retry prompt.
 */
@Tag("benchmark")
class AgentOverheadBenchmark {

  private static final int ROWS_PER_TABLE = 20;
  private static final int PASSES_PER_ROUND = 4;
  private static final int ROUNDS = 3;
  private static final int WARM_UP_PASSES = 3;
  private static final int COLD_SAMPLES = 10;

  /** Answers instantly with the next scripted SQL. */
  static final class InstantModel implements ChatModel {
    final Deque<String> script = new ArrayDeque<>();

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
      String sql = script.poll();
      return new ChatResponse(
          "```sql\n" + sql + "\n```", FinishReason.STOP, TokenUsage.NONE, "instant-sql");
    }
  }

  /** The time of each event of one question, by {@code type#attempt}, after its start. */
  static final class Timeline {
    final Map<String, Long> at = new LinkedHashMap<>();
    long start;

    void start() {
      at.clear();
      start = System.nanoTime();
    }

    void on(AgentEvent event) {
      long now = System.nanoTime();
      String attempt = "";
      if (event instanceof AgentEvent.SqlProposed e) {
        attempt = "#" + e.attempt();
      } else if (event instanceof AgentEvent.Executing e) {
        attempt = "#" + e.attempt();
      } else if (event instanceof AgentEvent.Failed e) {
        attempt = "#" + e.attempt();
      } else if (event instanceof AgentEvent.Retrying e) {
        attempt = "#" + e.nextAttempt();
      }
      at.put(event.type() + attempt, now);
    }

    long between(String from, String to) {
      long a = from.isEmpty() ? start : at.get(from);
      return at.get(to) - a;
    }
  }

  /** One schema in its own database, with the agent, its model and its questions. */
  record Domain(
      String name,
      SqlAgent agent,
      InstantModel model,
      Timeline timeline,
      HikariDataSource pool,
      List<Question> questions,
      SchemaSnapshot schema,
      ErrorAnalyzer analyzer) {}

  /** The segments measured, in report order, and the events that bound them. */
  private static final String[][] FIRST =
      new String[][] {
        {"linking (question → context chosen)", "", "context"},
        {"prompt, model call, extraction (→ SQL proposed)", "context", "sql#1"},
        {"guard (→ executing)", "sql#1", "executing#1"},
        {
          "execution: session guards, read-only transaction, rows (→ answered)",
          "executing#1",
          "result"
        }
      };

  private static final String[][] REPAIR =
      new String[][] {
        {"linking", "", "context"},
        {"prompt, model call, extraction", "context", "sql#1"},
        {"guard", "sql#1", "executing#1"},
        {
          "failed execution + diagnosis (database error, ErrorAnalyzer, table refresh)",
          "executing#1",
          "error#1"
        },
        {"retry prompt (→ retry)", "error#1", "retry#2"},
        {"model call, extraction (→ SQL proposed)", "retry#2", "sql#2"},
        {"guard", "sql#2", "executing#2"},
        {"execution", "executing#2", "result"}
      };

  @Test
  void agentOverheadPerQuestionOnTheRealisticSchemas() throws Exception {
    List<Domain> domains = new ArrayList<>();
    try {
      domains.add(
          domain(
              "shop",
              BenchmarkSchemas.shop(),
              concat(BenchmarkQuestions.SHOP, BenchmarkQuestions.SHOP_HELD_OUT)));
      domains.add(
          domain(
              "ops",
              BenchmarkSchemas.netHr(),
              concat(BenchmarkQuestions.NET_HR, BenchmarkQuestions.NET_HR_HELD_OUT)));
      int questionCount = domains.stream().mapToInt(d -> d.questions().size()).sum();
      int limit = 100; // the LIMIT of the next statement: each one is new to the guard's cache
      for (int pass = 0; pass < WARM_UP_PASSES; pass++) { // snapshot, index, classes, JIT
        for (Domain d : domains) {
          for (Question q : d.questions()) {
            askDirect(d, q, limit++);
            askWithRepair(d, q, limit++);
            plain(d, answer(d, q, limit++));
          }
        }
      }
      List<double[]> rounds = new ArrayList<>();
      List<double[]> firstSegments = new ArrayList<>();
      List<double[]> repairSegments = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        Stats ask = new Stats();
        Stats repair = new Stats();
        Stats jdbc = new Stats();
        Stats jdbcFailing = new Stats();
        Stats analysis = new Stats();
        Stats[] first = newStats(FIRST.length);
        Stats[] repairs = newStats(REPAIR.length);
        for (int pass = 0; pass < PASSES_PER_ROUND; pass++) {
          for (int i = 0; i < questionCount; i++) {
            // alternate the schemas question by question
            Domain d = domains.get(i % 2);
            Question q = d.questions().get((i / 2) % d.questions().size());
            int n = limit;
            limit += 2;
            ask.add(askDirect(d, q, n));
            record(d.timeline(), FIRST, first);
            repair.add(askWithRepair(d, q, n + 1));
            record(d.timeline(), REPAIR, repairs);
            long t = System.nanoTime();
            plain(d, answer(d, q, n));
            jdbc.add(System.nanoTime() - t);
            t = System.nanoTime();
            SQLException error = failing(d, broken(d, q, n + 1));
            jdbcFailing.add(System.nanoTime() - t);
            t = System.nanoTime();
            d.analyzer().analyze(broken(d, q, n + 1), error, d.agent().schema());
            analysis.add(System.nanoTime() - t);
          }
        }
        rounds.add(
            new double[] {
              ask.percentileMs(50),
              ask.percentileMs(99),
              repair.percentileMs(50),
              repair.percentileMs(99),
              jdbc.percentileMs(50),
              jdbc.percentileMs(99),
              jdbcFailing.percentileMs(50),
              jdbcFailing.percentileMs(99),
              analysis.percentileMs(50),
              analysis.percentileMs(99)
            });
        firstSegments.add(percentiles(first));
        repairSegments.add(percentiles(repairs));
      }
      // the first question on a new snapshot samples the lookup tables and builds the linker's
      // index
      Stats cold = new Stats();
      for (int i = 0; i < COLD_SAMPLES; i++) {
        Domain d = domains.get(i % 2);
        d.agent().refreshSchema(); // re-introspected here, outside the timing
        askDirect(d, d.questions().get(i % d.questions().size()), limit++);
        cold.add(d.timeline().between("", "context"));
      }
      double[] m = medians(rounds);
      double[] f = medians(firstSegments);
      double[] r = medians(repairSegments);
      double overhead = m[0] - m[4];
      double repairOverhead = m[2] - m[4] - m[6];
      double agentSideFirst = f[0] + f[2] + f[4];
      Report report =
          new Report(
                  "Agent overhead per question, model time excluded (realistic 300-table schemas)")
              .line(
                  "The two 300-table schemas of the linking benchmark (`BenchmarkSchemas` shop/ERP and"
                      + " network/HR, in testkit) built in the testkit PostgreSQL, one database each, "
                      + ROWS_PER_TABLE
                      + " rows per table, lookup tables holding their labels, foreign keys; the "
                      + questionCount
                      + " questions of the linking benchmark (51 + 14 held-out, `BenchmarkQuestions`)"
                      + " asked through `SqlAgent.ask` (default settings: lookup sampling, session guards"
                      + " on borrow, HikariCP pool of 2) with an in-process ChatModel that answers"
                      + " instantly with a join over the question's gold tables (a distinct `LIMIT` per"
                      + " question, so the guard's statement cache never hits). "
                      + PASSES_PER_ROUND * questionCount
                      + " questions per round, schemas alternating, "
                      + ROUNDS
                      + " rounds after "
                      + WARM_UP_PASSES
                      + " warm-up passes; medians of the rounds' percentiles. Baseline: the same SQL"
                      + " through the same pool with plain JDBC (all columns read). The repair path:"
                      + " the model first selects an unknown column (`t0.<table>_<column>`), the"
                      + " database rejects it, the agent diagnoses, builds the retry prompt, and the"
                      + " model's second answer runs.")
              .line("")
              .line("| path | p50 (ms) | p99 (ms) |")
              .line("| --- | ---: | ---: |")
              .line(row("`ask`, answered on the first attempt", m[0], m[1]))
              .line(row("`ask`, one failed attempt + repair", m[2], m[3]))
              .line(row("baseline: the SQL through plain JDBC", m[4], m[5]))
              .line(row("baseline: the failing SQL through plain JDBC", m[6], m[7]))
              .line("")
              .line(
                  String.format(
                      Locale.ROOT,
                      "**Agent overhead at p50: %.1f ms per question on the first attempt (goal < 20 ms),"
                          + " %.1f ms with one repair** (`ask` p50 minus the baselines' p50: the good"
                          + " SQL, and on the repair path also the failing SQL). In-process work alone"
                          + " (linking + prompt + guard, p50s summed): %.1f ms.",
                      overhead,
                      repairOverhead,
                      agentSideFirst))
              .line("")
              .line("Where the time goes, first attempt (agent events timed as they arrive):")
              .line("")
              .line("| segment | p50 (ms) | p99 (ms) |")
              .line("| --- | ---: | ---: |");
      for (int k = 0; k < FIRST.length; k++) {
        report.line(row(FIRST[k][0], f[2 * k], f[2 * k + 1]));
      }
      report
          .line("")
          .line("With one repair:")
          .line("")
          .line("| segment | p50 (ms) | p99 (ms) |")
          .line("| --- | ---: | ---: |");
      for (int k = 0; k < REPAIR.length; k++) {
        report.line(row(REPAIR[k][0], r[2 * k], r[2 * k + 1]));
      }
      report
          .line(
              row(
                  "of which `ErrorAnalyzer.analyze` alone (timed separately on the same error)",
                  m[8],
                  m[9]))
          .line("")
          .line(
              String.format(
                  Locale.ROOT,
                  "The first question after a schema (re)load also samples the lookup tables and builds"
                      + " the linker's per-snapshot index: linking then takes %.1f ms (median of %d, the"
                      + " introspection itself not included).",
                  cold.percentileMs(50),
                  COLD_SAMPLES))
          .write();
      assertThat(overhead).as("agent overhead p50 (ms)").isLessThan(20);
    } finally {
      domains.forEach(d -> d.pool().close());
    }
  }

  private static Domain domain(String name, SchemaSnapshot spec, List<Question> questions) {
    TestDatabase db = TestDatabases.postgres("bench_agent_" + name);
    db.execute(BenchmarkSchemas.postgresScript(spec, ROWS_PER_TABLE).toArray(String[]::new));
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.jdbcUrl());
    config.setUsername(db.username());
    config.setPassword(db.password());
    config.setMaximumPoolSize(2);
    HikariDataSource pool = new HikariDataSource(config);
    InstantModel model = new InstantModel();
    SqlAgent agent =
        SqlAgent.builder()
            .dataSource(pool)
            .jdbcUrl(db.jdbcUrl())
            .chatModel(model)
            .maxRetries(3)
            .build();
    Timeline timeline = new Timeline();
    agent.addListener(timeline::on);
    SchemaSnapshot schema = agent.schema();
    assertThat(schema.tables()).hasSize(300);
    return new Domain(
        name, agent, model, timeline, pool, questions, schema, new ErrorAnalyzer(agent.dialect()));
  }

  private static long askDirect(Domain d, Question q, int limit) {
    d.model().script.add(answer(d, q, limit));
    d.timeline().start();
    AgentAnswer answer = d.agent().ask(q.question());
    long nanos = System.nanoTime() - d.timeline().start;
    assertThat(answer.attempts()).as(q.question()).hasSize(1);
    assertThat(answer.result().rowCount()).as(answer.sql()).isPositive();
    return nanos;
  }

  private static long askWithRepair(Domain d, Question q, int limit) {
    d.model().script.add(broken(d, q, limit));
    d.model().script.add(answer(d, q, limit));
    d.timeline().start();
    AgentAnswer answer = d.agent().ask(q.question());
    long nanos = System.nanoTime() - d.timeline().start;
    assertThat(answer.attempts()).as(q.question()).hasSize(2);
    return nanos;
  }

  /**
   * The model's answer: the question's gold tables joined along their foreign keys, grouped by a
   * label column of the first one.
   */
  static String answer(Domain d, Question q, int limit) {
    List<Table> tables =
        q.tables().stream().map(n -> d.schema().table(d.name() + "." + n).orElseThrow()).toList();
    Table main = tables.get(0);
    Map<Table, String> alias = new LinkedHashMap<>();
    alias.put(main, "t0");
    StringBuilder from = new StringBuilder(d.name() + "." + main.name() + " t0");
    boolean progress = true;
    while (progress) {
      progress = false;
      for (Table t : tables) {
        if (alias.containsKey(t)) {
          continue;
        }
        String a = "t" + alias.size();
        String on = joinCondition(t, a, alias);
        if (on != null) {
          alias.put(t, a);
          from.append(" JOIN ")
              .append(d.name())
              .append('.')
              .append(t.name())
              .append(' ')
              .append(a)
              .append(" ON ")
              .append(on);
          progress = true;
        }
      }
    }
    String label = "t0." + label(main);
    return "SELECT "
        + label
        + ", count(*) AS n FROM "
        + from
        + " GROUP BY "
        + label
        + " ORDER BY n DESC, "
        + label
        + " LIMIT "
        + limit;
  }

  /** The answer with its label column misnamed as a model would: {@code customers.customer_…}. */
  static String broken(Domain d, Question q, int limit) {
    Table main = d.schema().table(d.name() + "." + q.tables().get(0)).orElseThrow();
    String label = label(main);
    String wrong = singular(main.name()) + "_" + label;
    if (main.column(wrong).isPresent()) {
      wrong += "_x";
    }
    return answer(d, q, limit).replace("t0." + label, "t0." + wrong);
  }

  private static String joinCondition(Table t, String a, Map<Table, String> joined) {
    for (Map.Entry<Table, String> j : joined.entrySet()) {
      for (ForeignKey fk : t.foreignKeys()) {
        if (fk.columns().size() == 1 && fk.referencedTable().equals(j.getKey().name())) {
          return a
              + "."
              + fk.columns().get(0)
              + " = "
              + j.getValue()
              + "."
              + fk.referencedColumns().get(0);
        }
      }
      for (ForeignKey fk : j.getKey().foreignKeys()) {
        if (fk.columns().size() == 1 && fk.referencedTable().equals(t.name())) {
          return j.getValue()
              + "."
              + fk.columns().get(0)
              + " = "
              + a
              + "."
              + fk.referencedColumns().get(0);
        }
      }
    }
    return null;
  }

  /** The first text column that is neither a key nor a reference (else the first column). */
  private static String label(Table table) {
    for (Column column : table.columns()) {
      boolean reference =
          table.foreignKeys().stream().anyMatch(fk -> fk.columns().contains(column.name()));
      String type = column.type().toLowerCase(Locale.ROOT);
      if (!table.primaryKey().contains(column.name())
          && !reference
          && (type.contains("char") || type.equals("text"))) {
        return column.name();
      }
    }
    return table.columns().get(0).name();
  }

  private static String singular(String name) {
    if (name.endsWith("ies")) {
      return name.substring(0, name.length() - 3) + "y";
    }
    return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
  }

  private static void plain(Domain d, String sql) throws SQLException {
    try (Connection connection = d.pool().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= columns; i++) {
          rs.getObject(i);
        }
      }
    }
  }

  private static SQLException failing(Domain d, String sql) throws SQLException {
    try (Connection connection = d.pool().getConnection();
        Statement statement = connection.createStatement()) {
      statement.executeQuery(sql).close();
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected an error from " + sql);
  }

  private static void record(Timeline timeline, String[][] segments, Stats[] stats) {
    for (int k = 0; k < segments.length; k++) {
      stats[k].add(timeline.between(segments[k][1], segments[k][2]));
    }
  }

  private static Stats[] newStats(int n) {
    Stats[] stats = new Stats[n];
    for (int i = 0; i < n; i++) {
      stats[i] = new Stats();
    }
    return stats;
  }

  private static double[] percentiles(Stats[] stats) {
    double[] values = new double[stats.length * 2];
    for (int k = 0; k < stats.length; k++) {
      values[2 * k] = stats[k].percentileMs(50);
      values[2 * k + 1] = stats[k].percentileMs(99);
    }
    return values;
  }

  private static double[] medians(List<double[]> rounds) {
    double[] m = new double[rounds.get(0).length];
    for (int k = 0; k < m.length; k++) {
      final int index = k;
      m[k] = Stats.median(rounds.stream().mapToDouble(r -> r[index]).toArray());
    }
    return m;
  }

  private static String row(String label, double p50, double p99) {
    return "| " + label + " | " + Stats.ms(p50) + " | " + Stats.ms(p99) + " |";
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
