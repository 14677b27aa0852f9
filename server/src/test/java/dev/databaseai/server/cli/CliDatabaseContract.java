package dev.databaseai.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.databaseai.server.demo.SqlScript;
import dev.databaseai.testkit.TestDatabase;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The CLI's commands on a real database holding the demo schema, with the embeddable agent and a
 * local OpenAI-protocol server as the model. Subclasses supply the database and its dialect key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CliDatabaseContract {

  static final String REPAIR_QUESTION = "Which hosts were installed most recently?";

  TestDatabase db;
  FakeOpenAi model;
  List<EvalQuestion> questions;

  /** A fresh database on a real server. */
  abstract TestDatabase createDatabase();

  /** The demo script's and the gold SQL's key: {@code postgres} or {@code mysql}. */
  abstract String dialectKey();

  @BeforeAll
  void setUp() throws Exception {
    db = createDatabase();
    db.execute(SqlScript.load("/demo/" + dialectKey() + ".sql").toArray(String[]::new));
    questions = QuestionsFile.parse(demoQuestions(), "demo/questions.json");
    model = new FakeOpenAi();
    for (EvalQuestion q : questions) {
      model.on(q.question(), q.goldFor(dialectKey()).orElseThrow());
    }
    model.on(
        REPAIR_QUESTION,
        "SELECT hostnme, installed_on FROM device ORDER BY installed_on DESC LIMIT 3",
        "SELECT hostname, installed_on FROM device ORDER BY installed_on DESC LIMIT 3");
  }

  @AfterAll
  void tearDown() throws Exception {
    model.close();
  }

  static String demoQuestions() throws Exception {
    try (InputStream in =
        CliDatabaseContract.class.getClassLoader().getResourceAsStream("demo/questions.json")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>(model.environment());
    env.put("DATABASEAI_PASSWORD", db.password());
    return env;
  }

  CliRun cli(String command, String... rest) {
    return cli(env(), command, rest);
  }

  CliRun cli(Map<String, String> env, String command, String... rest) {
    String[] args = new String[rest.length + 5];
    args[0] = command;
    args[1] = "--url";
    args[2] = db.jdbcUrl();
    args[3] = "--user";
    args[4] = db.username();
    System.arraycopy(rest, 0, args, 5, rest.length);
    return CliRun.run(env, args);
  }

  @Test
  void sqlPrintsAnAlignedTableAndExitsWithZero() {
    CliRun run =
        cli(
            "sql",
            "SELECT code, description FROM device_status WHERE code IN ('up', 'down') ORDER BY code");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    List<String> lines = run.out().lines().toList();
    assertThat(lines.get(0)).matches(" code +\\| description");
    assertThat(lines.get(1)).matches("-+\\+-+");
    assertThat(lines.get(2)).startsWith(" down ");
    assertThat(lines.get(3)).startsWith(" up   ");
    assertThat(lines.get(4)).startsWith("(2 rows, ");
  }

  @Test
  void sqlWithJsonPrintsTheApiShape() throws Exception {
    CliRun run = cli("sql", "--json", "SELECT COUNT(*) AS devices FROM device");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    JsonNode json = Json.MAPPER.readTree(run.out());
    assertThat(json.path("columns").get(0).path("name").asText()).isEqualTo("devices");
    assertThat(json.path("rows").get(0).get(0).asLong()).isGreaterThan(20);
    assertThat(json.path("rowCount").asInt()).isEqualTo(1);
    assertThat(json.path("truncated").asBoolean()).isFalse();
  }

  @Test
  void aBrokenQueryExitsWithOneAndPrintsTheDiagnosis() {
    CliRun run = cli("sql", "SELECT hostnme FROM device");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("error: UNDEFINED_COLUMN").contains("hostname");
  }

  @Test
  void aBrokenQueryWithJsonPrintsTheErrorObject() throws Exception {
    CliRun run = cli("sql", "--json", "SELECT hostnme FROM device");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    JsonNode error = Json.MAPPER.readTree(run.out()).path("error");
    assertThat(error.path("category").asText()).isEqualTo("UNDEFINED_COLUMN");
    assertThat(error.toString()).contains("hostname");
  }

  @Test
  void aWriteIsRefusedByTheGuard() {
    CliRun run = cli("sql", "DELETE FROM device");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    assertThat(run.err()).contains("READ_ONLY_VIOLATION");
    assertThat(cli("sql", "--json", "SELECT COUNT(*) FROM device").out())
        .doesNotContain("\"rows\":[[0]]");
  }

  @Test
  void schemaListsTablesColumnsAndKeys() {
    CliRun run = cli("schema", "--table", "device");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("device (table")
        .contains("  hostname")
        .contains("PK")
        .contains("-> location.id");
    assertThat(run.out()).doesNotContain("device_type (table");
  }

  @Test
  void schemaWithJsonListsEveryDemoTable() throws Exception {
    CliRun run = cli("schema", "--json");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    JsonNode tables = Json.MAPPER.readTree(run.out()).path("tables");
    assertThat(tables.findValuesAsText("name"))
        .contains("device", "location", "device_status", "alert");
  }

  @Test
  void askPrintsTheSqlAndRowsWithProgressOnStderr() {
    EvalQuestion q =
        questions.stream()
            .filter(x -> x.id().equals("devices-per-site"))
            .findFirst()
            .orElse(questions.get(0));
    CliRun run = cli("ask", q.question());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains(q.goldFor(dialectKey()).orElseThrow()).contains(" rows, ");
    assertThat(run.err())
        .contains("attempt 1:")
        .contains("(1 attempt, ")
        .contains(FakeOpenAi.MODEL);
  }

  @Test
  void askRepairsAQueryFromTheDiagnosisAndShowsTheTrace() throws Exception {
    CliRun run = cli("ask", "--json", REPAIR_QUESTION);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    JsonNode answer = Json.MAPPER.readTree(run.out());
    assertThat(answer.path("attempts")).hasSize(2);
    assertThat(answer.path("attempts").get(0).path("error").path("category").asText())
        .isEqualTo("UNDEFINED_COLUMN");
    assertThat(answer.path("sql").asText()).contains("hostname, installed_on");
    assertThat(answer.path("result").path("rowCount").asInt()).isEqualTo(3);
    assertThat(run.err())
        .contains("attempt 1 failed: UNDEFINED_COLUMN")
        .contains("retrying (attempt 2)");
  }

  @Test
  void askWithoutAModelExitsWithOneAndNamesWhatToSet() {
    CliRun run = cli(Map.of("DATABASEAI_PASSWORD", db.password()), "ask", "How many devices?");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    assertThat(run.err())
        .contains("No LLM is configured")
        .contains("OPENAI_API_KEY")
        .contains("OLLAMA_HOST");
  }

  @Test
  void anUnreachableDatabaseIsAQueryFailureThatNeverShowsThePassword() {
    Map<String, String> env = new HashMap<>(env());
    env.put("DATABASEAI_PASSWORD", "wrong-Pa55word");
    String closedPort = db.jdbcUrl().replaceFirst("//[^/]+/", "//127.0.0.1:9/");
    CliRun run =
        CliRun.run(env, "sql", "--url", closedPort, "--user", "no_such_user_x", "SELECT 1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    assertThat(run.err())
        .contains("Cannot connect to")
        .contains("127.0.0.1:9")
        .contains("no_such_user_x");
    assertThat(run.err() + run.out()).doesNotContain("wrong-Pa55word");
  }

  @Test
  void evalOnTheDemoQuestionsPrintsTheSummaryAndWritesBothReports(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("questions.json");
    Files.writeString(file, demoQuestions());
    Path json = dir.resolve("out/eval.json");
    Path junit = dir.resolve("out/eval.xml");
    CliRun run =
        cli("eval", file.toString(), "--json", json.toString(), "--junit", junit.toString());
    int n = questions.size();
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains(
            n
                + " questions: "
                + n
                + " answered (100.0%), execution accuracy "
                + n
                + "/"
                + n
                + " (100.0%)");
    assertThat(run.err()).contains("[1/" + n + "] ").contains("[" + n + "/" + n + "] ");
    JsonNode report = Json.MAPPER.readTree(Files.readString(json));
    assertThat(report.path("summary").path("executionAccuracy").asDouble()).isEqualTo(1.0);
    assertThat(report.path("questions")).hasSize(n);
    Element suite =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(junit.toFile())
            .getDocumentElement();
    assertThat(suite.getAttribute("tests")).isEqualTo(String.valueOf(n));
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getAttribute("errors")).isEqualTo("0");
  }

  @Test
  void evalCountsAWrongAnswerAndExitsWithOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("one.json");
    // The model answers with the demo's gold SQL; this file's "gold" counts one device too many.
    EvalQuestion count =
        questions.stream().filter(q -> q.id().equals("device-count")).findFirst().orElseThrow();
    Files.writeString(
        file,
        "{\"questions\":[{\"id\":\"wrong\",\"question\":\""
            + count.question()
            + "\",\"sql\":"
            + "\"SELECT COUNT(*) + 1 AS devices FROM device\"}]}");
    Path junit = dir.resolve("eval.xml");
    CliRun run = cli("eval", file.toString(), "--junit", junit.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    assertThat(run.out()).contains("execution accuracy 0/1 (0.0%)");
    assertThat(Files.readString(junit)).contains("<failure message=\"wrong result: ");
  }
}
