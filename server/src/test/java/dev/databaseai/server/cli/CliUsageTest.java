package dev.databaseai.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliUsageTest {

  @Test
  void sqlWithoutADatabaseExitsWithTwoAndSaysWhatToPass() {
    CliRun run = CliRun.run("sql", "SELECT 1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Choose a database: --demo, or --url JDBC_URL --user USER");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aUrlThatIsNotJdbcIsNamedInTheError() {
    CliRun run =
        CliRun.run("sql", "--url", "postgres://localhost/shop", "--user", "me", "SELECT 1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--url 'postgres://localhost/shop' is not a JDBC URL");
  }

  @Test
  void aUrlWithoutAUserIsAUsageError() {
    CliRun run = CliRun.run("schema", "--url", "jdbc:postgresql://localhost/shop");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--user is required with --url");
  }

  @Test
  void demoAndUrlTogetherAreAUsageError() {
    CliRun run =
        CliRun.run("sql", "--demo", "--url", "jdbc:postgresql://x/y", "--user", "u", "SELECT 1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("not both");
  }

  @Test
  void anUnknownOptionExitsWithTwoAndPointsAtHelp() {
    CliRun run = CliRun.run("sql", "--frobnicate", "SELECT 1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains("Unknown option: '--frobnicate'")
        .contains("Try 'databaseai sql --help'.");
  }

  @Test
  void aMissingQuestionIsAUsageError() {
    CliRun run = CliRun.run("ask", "--demo");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Missing required parameter: 'QUESTION'");
  }

  @Test
  void evalOfAMissingFileExitsWithTwo() {
    CliRun run = CliRun.run("eval", "--demo", "no-such-questions.json");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Questions file no-such-questions.json does not exist.");
  }

  @Test
  void aNegativeToleranceIsAUsageError() {
    CliRun run = CliRun.run("eval", "--demo", "--tolerance", "-1", "q.json");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--tolerance must be a number >= 0");
  }

  @Test
  void anUnreachableServerIsAQueryFailureNamingTheUrl() {
    CliRun run = CliRun.run("sql", "--server", "http://127.0.0.1:1", "--demo", "SELECT 1");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.QUERY_FAILED);
    assertThat(run.err()).contains("http://127.0.0.1:1/").contains("did not answer");
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    CliRun run = CliRun.run("--help");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(run.out()).contains("ask", "sql", "schema", "eval", "serve", "Exit codes: 0 ok, 1");
  }

  @Test
  void thePasswordNeverAppearsInAnError() {
    CliRun run =
        CliRun.run(
            "sql",
            "--server",
            "http://127.0.0.1:1",
            "--url",
            "jdbc:postgresql://db/x",
            "--user",
            "me",
            "--password",
            "s3cret-pw",
            "SELECT 1");
    assertThat(run.err()).doesNotContain("s3cret-pw");
    assertThat(run.out()).doesNotContain("s3cret-pw");
  }
}
