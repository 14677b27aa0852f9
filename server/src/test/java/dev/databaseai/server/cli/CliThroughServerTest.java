package dev.databaseai.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI against a running DatabaseAI server ({@code --server URL --demo}) over the v1 HTTP API,
 * with a local OpenAI-protocol server as the server's model; and {@code --demo} alone, which starts
 * a server inside the CLI's process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliThroughServerTest {

  static final String REPAIR_QUESTION = "Which site has the most devices?";
  static final List<String> MODEL_ENV =
      List.of("DATABASEAI_LLM_PROVIDER", "OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL");

  FakeOpenAi model;
  EmbeddedServer server;
  List<EvalQuestion> questions;

  @BeforeAll
  void start() throws Exception {
    questions = QuestionsFile.parse(CliDatabaseContract.demoQuestions(), "demo/questions.json");
    model = new FakeOpenAi();
    questions.forEach(q -> model.on(q.question(), q.goldFor("postgres").orElseThrow()));
    model.on(
        REPAIR_QUESTION,
        "SELECT l.site_name, COUNT(*) AS devices FROM device d JOIN location l ON l.id = d.location_id GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
        "SELECT l.name, COUNT(*) AS devices FROM device d JOIN location l ON l.id = d.location_id GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1");
    // The server reads the LLM settings from the environment overlaid by system properties.
    model.environment().forEach(System::setProperty);
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "micronaut.server.host",
                "127.0.0.1",
                "databaseai.llm.provider",
                "openai"));
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.getApplicationContext().close();
    }
    model.close();
    MODEL_ENV.forEach(System::clearProperty);
  }

  private CliRun cli(String command, String... rest) {
    String[] args = new String[rest.length + 4];
    args[0] = command;
    args[1] = "--server";
    args[2] = server.getURL().toString();
    args[3] = "--demo";
    System.arraycopy(rest, 0, args, 4, rest.length);
    return CliRun.run(Map.of(), args);
  }

  @Test
  void sqlThroughTheServerPrintsRows() {
    CliRun run = cli("sql", "SELECT code FROM device_status ORDER BY code");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains(" decommissioned").contains("(4 rows, ");
  }

  @Test
  void aBrokenQueryThroughTheServerPrintsTheDiagnosisAndExitsWithOne() throws Exception {
    CliRun run = cli("sql", "--json", "SELECT hostnme FROM device");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    JsonNode error = Json.MAPPER.readTree(run.out()).path("error");
    assertThat(error.path("category").asText()).isEqualTo("UNDEFINED_COLUMN");
    assertThat(error.toString()).contains("hostname");
  }

  @Test
  void aWriteThroughTheServerIsRefused() {
    CliRun run = cli("sql", "DELETE FROM alert");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    assertThat(run.err()).contains("READ_ONLY_VIOLATION");
  }

  @Test
  void schemaThroughTheServer() {
    CliRun run = cli("schema", "--table", "location");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("location (table").contains("site_code");
  }

  @Test
  void askStreamsTheStepsFromTheServerAndPrintsTheRepairedAnswer() throws Exception {
    CliRun run = cli("ask", "--json", REPAIR_QUESTION);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    JsonNode answer = Json.MAPPER.readTree(run.out());
    assertThat(answer.path("attempts")).hasSize(2);
    assertThat(answer.path("attempts").get(0).path("error").path("category").asText())
        .isEqualTo("UNDEFINED_COLUMN");
    assertThat(answer.path("result").path("rows").get(0).get(0).asText()).isNotBlank();
    // progress came from the server's Server-Sent Events
    assertThat(run.err())
        .contains("schema context: ")
        .contains("the model proposed SQL (attempt 1)")
        .contains("the database refused it (attempt 1): UNDEFINED_COLUMN")
        .contains("asking the model to fix it (attempt 2)")
        .contains("answer: 1 rows");
  }

  @Test
  void evalThroughTheServerWritesBothReports(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("questions.json");
    Files.writeString(file, CliDatabaseContract.demoQuestions());
    CliRun run =
        cli(
            "eval",
            file.toString(),
            "--json",
            dir.resolve("r.json").toString(),
            "--junit",
            dir.resolve("r.xml").toString());
    int n = questions.size();
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("execution accuracy " + n + "/" + n);
    assertThat(Json.MAPPER.readTree(dir.resolve("r.json").toFile()).path("dialect").asText())
        .isEqualTo("postgres");
    assertThat(Files.readString(dir.resolve("r.xml"))).contains("tests=\"" + n + "\"");
  }

  @Test
  void anUnknownApiKeyIsNotNeededButAWrongServerPathIsReported() {
    CliRun run =
        CliRun.run(
            Map.of(), "sql", "--server", server.getURL() + "/nowhere/", "--demo", "SELECT 1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    assertThat(run.err()).startsWith("… opening a session on").contains("Cannot open a session");
  }

  @Test
  void demoAloneStartsAServerInsideTheProcess() throws Exception {
    CliRun run =
        CliRun.run(Map.of(), "sql", "--demo", "--json", "SELECT COUNT(*) AS n FROM location");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
    assertThat(Json.MAPPER.readTree(run.out()).path("rows").get(0).get(0).asInt()).isEqualTo(6);
    assertThat(run.err()).contains("starting the demo database");
  }
}
