package dev.databaseai.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sql}: runs one read-only statement and prints the rows or the diagnosis. */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run one read-only SQL statement (through the SQL guard) and print the rows.",
      "A rejected statement prints the diagnosis (category, hint, suggestions) and exits with 1."
    })
final class SqlCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin ConnectionOptions connection = new ConnectionOptions();
  @Mixin OutputOptions output = new OutputOptions();

  @Parameters(
      index = "0",
      paramLabel = "SQL",
      description = "The statement, or - to read it from stdin")
  String sql;

  SqlCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws IOException {
    String statement =
        sql.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : sql;
    if (statement.isBlank()) {
      throw new CliException(ExitCodes.USAGE, "The SQL statement is empty.");
    }
    Printer printer = new Printer(context, output);
    try (Backend backend = Backends.open(connection, context, printer.progress())) {
      SqlOutcome outcome = backend.sql(statement);
      if (outcome.result().isPresent()) {
        printer.result(outcome.result().get());
        return ExitCodes.OK;
      }
      printer.error(outcome.error().get());
      return ExitCodes.QUERY_FAILED;
    }
  }
}
