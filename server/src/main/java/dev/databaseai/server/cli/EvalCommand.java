package dev.databaseai.server.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eval}: asks every question of a file and measures success, retries, time and accuracy. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Ask every question of a file; report success, retries, time and execution accuracy.",
      "Where gold SQL is given, the answer's rows must equal the gold SQL's rows: column order",
      "free, row order only when the gold SQL has ORDER BY, numbers within --tolerance.",
      "Exits with 1 when a question found no answer or a wrong one."
    })
final class EvalCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin ConnectionOptions connection = new ConnectionOptions();

  @Parameters(
      index = "0",
      paramLabel = "QUESTIONS_FILE",
      description =
          "JSON: {\"questions\":[{\"id\",\"question\",\"postgres\",\"mysql\"}]}, or JSON Lines")
  Path questionsFile;

  @Option(names = "--json", paramLabel = "FILE", description = "Write the JSON report here")
  Path jsonReport;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write a JUnit XML report here")
  Path junitReport;

  @Option(
      names = "--tolerance",
      paramLabel = "REL",
      defaultValue = "1e-6",
      description = "Relative tolerance for numbers (default ${DEFAULT-VALUE})")
  double tolerance;

  @Option(names = "--id", paramLabel = "ID", description = "Only these question ids (repeatable)")
  List<String> ids = new ArrayList<>();

  @Option(names = "--no-color", description = "Never colour the output")
  boolean noColor;

  EvalCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new CliException(
          ExitCodes.USAGE, "--tolerance must be a number >= 0, e.g. 1e-6; was " + tolerance);
    }
    List<EvalQuestion> questions = QuestionsFile.load(questionsFile);
    if (!ids.isEmpty()) {
      List<String> known = questions.stream().map(EvalQuestion::id).toList();
      List<String> unknown = ids.stream().filter(id -> !known.contains(id)).toList();
      if (!unknown.isEmpty()) {
        throw new CliException(
            ExitCodes.USAGE,
            "Unknown question id(s) " + unknown + ". Ids in " + questionsFile + ": " + known);
      }
      questions = questions.stream().filter(q -> ids.contains(q.id())).toList();
    }
    OutputOptions output = new OutputOptions();
    output.noColor = noColor;
    Printer printer = new Printer(context, output);
    long start = System.nanoTime();
    List<EvalResult> results;
    String dialect;
    try (Backend backend = Backends.open(connection, context, printer.progress())) {
      dialect = backend.dialect();
      printer.progress().step("asking " + questions.size() + " questions (" + dialect + ")");
      results =
          new EvalRunner(backend, new ResultComparator(tolerance), printer.progress())
              .run(questions);
    }
    EvalSummary summary = EvalSummary.of(results, (System.nanoTime() - start) / 1_000_000);
    printer.line(EvalReports.text(results, summary, context.terminal() && !noColor));
    if (jsonReport != null) {
      EvalReports.writeJson(jsonReport, dialect, results, summary);
      context.err().println("JSON report: " + jsonReport);
    }
    if (junitReport != null) {
      EvalReports.writeJunit(junitReport, dialect, results, summary);
      context.err().println("JUnit report: " + junitReport);
    }
    return results.stream().anyMatch(EvalResult::failed) ? ExitCodes.QUERY_FAILED : ExitCodes.OK;
  }
}
