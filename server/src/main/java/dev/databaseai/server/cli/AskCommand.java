package dev.databaseai.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code ask}: answers a question with SQL and rows, showing each attempt on stderr. */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a question in plain language: prints the SQL the model wrote and the rows.",
      "Progress (attempts, diagnoses, retries) goes to stderr. Exits with 1 when no attempt worked."
    })
final class AskCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin ConnectionOptions connection = new ConnectionOptions();
  @Mixin OutputOptions output = new OutputOptions();

  @Parameters(index = "0", paramLabel = "QUESTION", description = "The question, in quotes")
  String question;

  AskCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (question.isBlank()) {
      throw new CliException(ExitCodes.USAGE, "The question is empty.");
    }
    Printer printer = new Printer(context, output);
    AskOutcome answer;
    try (Backend backend = Backends.open(connection, context, printer.progress())) {
      answer = backend.ask(question, printer.progress());
    }
    if (printer.json()) {
      printer.json(Json.write(answer));
      return answer.succeeded() ? ExitCodes.OK : ExitCodes.QUERY_FAILED;
    }
    int n = answer.attempts().size();
    String trace =
        n
            + (n == 1 ? " attempt" : " attempts")
            + ", "
            + answer.elapsedMs()
            + " ms"
            + (answer.model().isEmpty()
                ? ""
                : ", "
                    + (answer.provider().isEmpty() ? "" : answer.provider() + "/")
                    + answer.model());
    if (answer.succeeded()) {
      printer.line(printer.paint(Ansi.CYAN, answer.sql().strip()));
      printer.line("");
      printer.result(answer.result().get());
      context.err().println(printer.paint(Ansi.DIM, "(" + trace + ")"));
      return ExitCodes.OK;
    }
    context
        .err()
        .println(printer.paint(Ansi.RED, "No query worked") + " (" + trace + "). Last attempt:");
    if (!answer.sql().isBlank()) {
      context.err().println(answer.sql().strip());
    }
    answer.lastError().ifPresent(printer::error);
    return ExitCodes.QUERY_FAILED;
  }
}
