package dev.databaseai.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.agent.analysis.Diagnosis;
import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ContextLengthExceededException;
import dev.databaseai.testkit.TestDatabase;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent's behaviours against a real database, with a scripted chat model standing in for the
 * LLM. Each database runs the same tests through a subclass that supplies the database and the
 * statements that fail there for the given reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentContractTest {

  protected TestDatabase db;
  protected Dialect dialect;

  /** A fresh database on the server under test. */
  protected abstract TestDatabase createDatabase();

  /** A statement over {@code orders} that fails with a type mismatch on this database. */
  protected abstract String typeMismatchSql();

  /** A statement that calls a function this database does not have. */
  protected abstract String unknownFunctionSql();

  /** A literal that is near, but not equal to, the stored device status {@code OFFLINE} here. */
  protected abstract String nearMissLiteral();

  @BeforeAll
  void createFixture() {
    db = createDatabase();
    db.execute(
        "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(80) NOT NULL, city VARCHAR(80) NOT NULL)",
        "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT NOT NULL REFERENCES customers(id),"
            + " status VARCHAR(20) NOT NULL, total_amount DECIMAL(10,2) NOT NULL, ordered_at DATE NOT NULL)",
        "CREATE TABLE devices (id INT PRIMARY KEY, hostname VARCHAR(80) NOT NULL, status VARCHAR(20) NOT NULL)",
        "INSERT INTO customers VALUES (1, 'Ada', 'Berlin'), (2, 'Bob', 'Paris'), (3, 'Cem', 'Berlin')",
        "INSERT INTO orders VALUES (1, 1, 'paid', 10.50, DATE '2024-01-05'), (2, 2, 'paid', 20.00, DATE '2024-02-01'),"
            + " (3, 3, 'cancelled', 5.25, DATE '2024-03-09'), (4, 1, 'shipped', 7.00, DATE '2024-03-10')",
        "INSERT INTO devices VALUES (1, 'core-1', 'ONLINE'), (2, 'edge-7', 'OFFLINE'), (3, 'edge-9', 'OFFLINE')",
        "CREATE TABLE regions (id INT PRIMARY KEY, name VARCHAR(60) NOT NULL)",
        "CREATE TABLE warehouses (id INT PRIMARY KEY, region_id INT NOT NULL REFERENCES regions(id), code VARCHAR(10) NOT NULL)",
        "INSERT INTO regions VALUES (1, 'Bavaria'), (2, 'Saxony'), (3, 'Tyrol')",
        "INSERT INTO warehouses VALUES (1, 1, 'MUC-1'), (2, 2, 'DRS-1')");
    for (int i = 1; i <= 30; i++) {
      db.execute(
          "CREATE TABLE audit_trail_"
              + i
              + " (id INT PRIMARY KEY, entity VARCHAR(40), changed_by VARCHAR(40),"
              + " old_value VARCHAR(200), new_value VARCHAR(200), note VARCHAR(200))");
    }
    dialect = Dialects.load().forJdbcUrl(db.jdbcUrl());
  }

  protected SqlAgent.Builder agent(ScriptedChatModel model) {
    return SqlAgent.builder().dataSource(db.dataSource()).jdbcUrl(db.jdbcUrl()).chatModel(model);
  }

  static String fenced(String sql) {
    return "Here is the query:\n```sql\n" + sql + "\n```\nIt counts the rows.";
  }

  @Test
  void answersAtTheFirstTryWithTypedColumnsAndATrace() {
    ScriptedChatModel model =
        ScriptedChatModel.answering(fenced("SELECT COUNT(*) AS order_count FROM orders"));
    List<AgentEvent> events = new ArrayList<>();
    SqlAgent agent = agent(model).listener(events::add).build();

    AgentAnswer answer = agent.ask("How many orders are there?");

    assertThat(agent.dialect().id()).isEqualTo(dialect.id());
    assertThat(answer.sql()).isEqualTo("SELECT COUNT(*) AS order_count FROM orders");
    assertThat(((Number) answer.result().rows().get(0).get(0)).intValue()).isEqualTo(4);
    assertThat(answer.result().columns()).hasSize(1);
    assertThat(answer.result().columns().get(0).name()).isEqualToIgnoringCase("order_count");
    assertThat(answer.result().columns().get(0).type()).isNotBlank();
    assertThat(answer.attempts()).hasSize(1);
    assertThat(answer.attempts().get(0).error()).isEmpty();
    assertThat(answer.attempts().get(0).promptTokens())
        .isEqualTo(model.tokens(model.requests().get(0)));
    assertThat(answer.provider()).isEqualTo("scripted");
    assertThat(model.text(0))
        .contains("orders(")
        .contains(dialect.displayName())
        .contains("Question: How many orders are there?");
    for (String note : dialect.syntax().promptNotes()) {
      assertThat(model.text(0)).contains(note.strip());
    }
    assertThat(events)
        .extracting(AgentEvent::type)
        .containsExactly("context", "sql", "executing", "result");
  }

  @Test
  void repairsAnUnknownColumnWithARetryPromptNoLargerThanTheFirst() {
    ScriptedChatModel model =
        ScriptedChatModel.answering(
            fenced("SELECT o.total FROM orders o WHERE o.status = 'paid'"),
            fenced("SELECT o.total_amount FROM orders o WHERE o.status = 'paid' ORDER BY o.id"));
    AgentAnswer answer = agent(model).build().ask("What are the totals of paid orders?");

    assertThat(answer.attempts()).hasSize(2);
    Diagnosis first = answer.attempts().get(0).error().orElseThrow();
    assertThat(first.category()).isEqualTo(ErrorCategory.UNDEFINED_COLUMN);
    assertThat(answer.result().rowCount()).isEqualTo(2);
    assertThat(new BigDecimal(answer.result().rows().get(0).get(0).toString()))
        .isEqualByComparingTo("10.50");
    String retry = model.text(1);
    assertThat(retry)
        .contains("SELECT o.total FROM orders o")
        .contains("UNDEFINED_COLUMN")
        .contains("orders(");
    assertThat(model.tokens(model.requests().get(1)))
        .isLessThanOrEqualTo(model.tokens(model.requests().get(0)));
  }

  @Test
  void repairsATypeMismatch() {
    ScriptedChatModel model =
        ScriptedChatModel.answering(
            fenced(typeMismatchSql()),
            fenced("SELECT id FROM orders WHERE ordered_at = DATE '2024-01-05'"));
    AgentAnswer answer = agent(model).build().ask("Which orders were placed on 5 January 2024?");

    assertThat(answer.attempts().get(0).error().orElseThrow().category())
        .isEqualTo(ErrorCategory.TYPE_MISMATCH);
    assertThat(answer.result().rows()).hasSize(1);
    assertThat(model.text(1)).contains("TYPE_MISMATCH").contains(typeMismatchSql());
    assertThat(model.tokens(model.requests().get(1)))
        .isLessThanOrEqualTo(model.tokens(model.requests().get(0)));
  }

  @Test
  void repairsAnUnknownFunction() {
    ScriptedChatModel model =
        ScriptedChatModel.answering(
            fenced(unknownFunctionSql()),
            fenced("SELECT COUNT(*) FROM orders WHERE ordered_at >= DATE '2024-03-01'"));
    AgentAnswer answer = agent(model).build().ask("How many orders since March 2024?");

    assertThat(answer.attempts().get(0).error().orElseThrow().category())
        .isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(((Number) answer.result().rows().get(0).get(0)).intValue()).isEqualTo(2);
    assertThat(model.text(1)).contains("UNDEFINED_FUNCTION");
  }

  @Test
  void givesUpAfterMaxRetriesWithTheLastErrorAndWidensTheContextOnceWhenTheSameSqlRepeats() {
    String bad = "SELECT o.total FROM orders o";
    ScriptedChatModel model = ScriptedChatModel.answering(fenced(bad), fenced(bad), fenced(bad));
    SqlAgent agent = agent(model).maxRetries(2).build();

    assertThatThrownBy(() -> agent.ask("Total of all orders?"))
        .isInstanceOfSatisfying(
            AgentFailedException.class,
            e -> {
              assertThat(e.attempts()).hasSize(3);
              assertThat(e.lastError().orElseThrow().category())
                  .isEqualTo(ErrorCategory.UNDEFINED_COLUMN);
              assertThat(e.getMessage())
                  .contains("No working SQL after 3 attempts")
                  .contains("maxRetries=2")
                  .contains("Last statement: " + bad)
                  .contains("UNDEFINED_COLUMN");
            });
    assertThat(model.requests()).hasSize(3);
    assertThat(model.text(1)).doesNotContain("same mistake came twice");
    assertThat(model.text(2)).contains("same mistake came twice");
  }

  @Test
  void perQuestionOptionsOverrideRetriesAndStreamOnlyThatQuestionsEvents() {
    ScriptedChatModel model = ScriptedChatModel.answering(fenced("SELECT nope FROM orders"));
    List<String> streamed = new ArrayList<>();
    SqlAgent agent = agent(model).maxRetries(3).build();

    assertThatThrownBy(
            () ->
                agent.ask(
                    "Anything?",
                    null,
                    AskOptions.DEFAULTS
                        .withMaxRetries(0)
                        .withListener(e -> streamed.add(e.type()))))
        .isInstanceOfSatisfying(
            AgentFailedException.class, e -> assertThat(e.attempts()).hasSize(1));
    assertThat(streamed).containsExactly("context", "sql", "executing", "error");
    assertThat(model.requests()).hasSize(1);
  }

  @Test
  void aRefusalOrAnUnusableAnswerOnTheLastAttemptAnnouncesNoFurtherRetry() {
    for (String answer : List.of(fenced("DELETE FROM orders"), "I cannot answer that.")) {
      ScriptedChatModel model = ScriptedChatModel.answering(answer);
      List<String> streamed = new ArrayList<>();

      assertThatThrownBy(
              () ->
                  agent(model)
                      .build()
                      .ask(
                          "Remove everything",
                          null,
                          AskOptions.DEFAULTS
                              .withMaxRetries(0)
                              .withListener(e -> streamed.add(e.type()))))
          .isInstanceOf(AgentFailedException.class);
      assertThat(streamed).as("events for %s", answer).doesNotContain("retry").endsWith("error");
    }
  }

  @Test
  void asksForJsonWhenTheModelHasStructuredOutput() {
    ScriptedChatModel model =
        new ScriptedChatModel(
            java.util.Set.of(dev.databaseai.llm.Capability.STRUCTURED_OUTPUT),
            java.util.OptionalInt.of(8192));
    model.then("{\"sql\": \"SELECT name FROM customers WHERE city = 'Paris'\"}");

    AgentAnswer answer = agent(model).build().ask("Which customers live in Paris?");

    assertThat(model.requests().get(0).responseSchema())
        .contains(dev.databaseai.agent.prompt.PromptBuilder.SQL_SCHEMA);
    assertThat(answer.result().rows()).extracting(r -> r.get(0)).containsExactly("Bob");
  }

  @Test
  void retriesAfterTheGuardRefusesAWriteAndTheDataStaysUnchanged() {
    ScriptedChatModel model =
        ScriptedChatModel.answering(
            fenced("DELETE FROM orders WHERE status = 'cancelled'"),
            fenced("SELECT COUNT(*) FROM orders"));
    AgentAnswer answer = agent(model).build().ask("Remove the cancelled orders");

    Diagnosis refusal = answer.attempts().get(0).error().orElseThrow();
    assertThat(refusal.category()).isEqualTo(ErrorCategory.READ_ONLY_VIOLATION);
    assertThat(model.text(1)).contains("refused by the SQL guard");
    assertThat(((Number) answer.result().rows().get(0).get(0)).intValue()).isEqualTo(4);
  }

  @Test
  void answersAFollowUpQuestionWithTheEarlierTurnInThePrompt() {
    String first =
        "SELECT c.name, COUNT(*) AS orders FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY c.name";
    String second =
        "SELECT c.name, COUNT(*) AS orders FROM customers c JOIN orders o ON o.customer_id = c.id"
            + " WHERE c.city = 'Berlin' GROUP BY c.name ORDER BY c.name";
    ScriptedChatModel model = ScriptedChatModel.answering(fenced(first), fenced(second));
    SqlAgent agent = agent(model).build();
    Conversation conversation = Conversation.create();

    agent.ask("How many orders has each customer placed?", conversation);
    AgentAnswer answer = agent.ask("and only the ones in Berlin?", conversation);

    assertThat(answer.result().rows()).extracting(r -> r.get(0)).containsExactly("Ada", "Cem");
    ChatRequest followUp = model.requests().get(1);
    assertThat(followUp.messages())
        .extracting(m -> m.content())
        .contains(
            "Question: How many orders has each customer placed?",
            "```sql\n" + first + "\n```",
            "Question: and only the ones in Berlin?");
    assertThat(model.text(1)).contains("customers(").contains("orders(");
    assertThat(conversation.turns()).hasSize(2);
  }

  @Test
  void shrinksTheContextAfterAContextLengthErrorAndSucceeds() {
    ScriptedChatModel model = ScriptedChatModel.answering();
    model.then(
        request -> {
          int tokens = model.tokens(request);
          throw new ContextLengthExceededException(
              "This model's maximum context length is " + (tokens - 40) + " tokens",
              tokens - 40,
              tokens);
        });
    model.then(
        request -> {
          int tokens = model.tokens(request);
          int limit = model.tokens(model.requests().get(0)) - 40;
          if (tokens > limit) {
            throw new ContextLengthExceededException("still too long", limit, tokens);
          }
          return fenced("SELECT hostname FROM devices WHERE status = 'OFFLINE' ORDER BY hostname");
        });
    List<String> retries = new ArrayList<>();
    SqlAgent agent =
        agent(model)
            .listener(
                e -> {
                  if (e instanceof AgentEvent.Retrying r) {
                    retries.add(r.reason());
                  }
                })
            .build();

    AgentAnswer answer = agent.ask("Which devices and audit trail entries are offline?");

    assertThat(answer.result().rows())
        .extracting(r -> r.get(0))
        .containsExactly("edge-7", "edge-9");
    assertThat(answer.attempts()).hasSize(2);
    assertThat(answer.attempts().get(0).error().orElseThrow().message())
        .contains("exceeded the model's context");
    assertThat(answer.attempts().get(1).promptTokens())
        .isLessThan(answer.attempts().get(0).promptTokens() - 40);
    assertThat(retries).singleElement().asString().contains("context length exceeded");
  }

  @Test
  void retriesAnEmptyResultOnceWithTheNearestActualValues() {
    String literal = nearMissLiteral();
    ScriptedChatModel model =
        ScriptedChatModel.answering(
            fenced(
                "SELECT hostname FROM devices WHERE status = '" + literal + "' ORDER BY hostname"),
            fenced("SELECT hostname FROM devices WHERE status = 'OFFLINE' ORDER BY hostname"));
    AgentAnswer answer = agent(model).build().ask("Which devices are " + literal + "?");

    assertThat(answer.attempts()).hasSize(2);
    Diagnosis hint = answer.attempts().get(0).error().orElseThrow();
    assertThat(hint.suggestions()).first().isEqualTo("OFFLINE");
    assertThat(model.text(1))
        .contains("returned no rows")
        .contains("'OFFLINE'")
        .contains("'" + literal + "'");
    assertThat(model.tokens(model.requests().get(1)))
        .isLessThanOrEqualTo(model.tokens(model.requests().get(0)));
    assertThat(answer.result().rows())
        .extracting(r -> r.get(0))
        .containsExactly("edge-7", "edge-9");
  }

  @Test
  void linksALookupTableByOneOfItsValues() {
    SqlAgent withLookup = agent(ScriptedChatModel.answering()).build();
    SqlAgent withoutLookup = agent(ScriptedChatModel.answering()).lookupValues(0).build();

    ContextPreview context = withLookup.context("What do we keep in Saxony?");

    assertThat(context.tables().get(0)).endsWith("regions");
    assertThat(context.text()).contains("Saxony");
    assertThat(context.tokens()).isLessThan(context.fullSchemaTokens());
    assertThat(withoutLookup.context("What do we keep in Saxony?").tables().get(0))
        .doesNotEndWith("regions");
  }

  @Test
  void keepsAnEmptyResultWhenValueHintsAreOff() {
    ScriptedChatModel model =
        ScriptedChatModel.answering(
            fenced("SELECT hostname FROM devices WHERE status = '" + nearMissLiteral() + "'"));
    AgentAnswer answer =
        agent(model).emptyResultHints(false, 100).build().ask("Which devices are offline?");

    assertThat(answer.attempts()).hasSize(1);
    assertThat(answer.result().rowCount()).isZero();
  }

  @Test
  void executeRefusesWritesAndCapsRows() {
    SqlAgent agent =
        agent(ScriptedChatModel.answering())
            .guardSettings(new GuardSettings(true, Duration.ofSeconds(5), 2))
            .build();

    QueryOutcome refused = agent.execute("DELETE FROM orders");
    assertThat(refused.refused()).isTrue();
    assertThat(refused.error().orElseThrow().category())
        .isEqualTo(ErrorCategory.READ_ONLY_VIOLATION);

    QueryOutcome capped = agent.execute("SELECT id FROM orders ORDER BY id");
    assertThat(capped.result().orElseThrow().rows()).hasSize(2);
    assertThat(capped.result().orElseThrow().truncated()).isTrue();

    QueryOutcome failed = agent.execute("SELECT nope FROM orders");
    assertThat(failed.refused()).isFalse();
    assertThat(failed.error().orElseThrow().category()).isEqualTo(ErrorCategory.UNDEFINED_COLUMN);
    assertThat(failed.error().orElseThrow().tables())
        .anyMatch(t -> t.toLowerCase(Locale.ROOT).endsWith("orders"));
  }

  @Test
  void refreshesTheCachedSchemaWhenATableAppearsAfterAnUnknownTableError() {
    SqlAgent agent = agent(ScriptedChatModel.answering()).build();
    assertThat(agent.schema().table("shipments")).isEmpty();
    db.execute("CREATE TABLE shipments (id INT PRIMARY KEY, order_id INT)");

    QueryOutcome outcome = agent.execute("SELECT id FROM shipments WHERE nope = 1");

    assertThat(outcome.isSuccess()).isFalse();
    assertThat(agent.schema().table("shipments")).isPresent();
  }
}
