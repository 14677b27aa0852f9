package dev.databaseai.server.cli;

import io.micronaut.runtime.Micronaut;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The jar's entry point: {@code serve} (the default) starts the API server and web page; {@code
 * ask}, {@code sql}, {@code schema} and {@code eval} work on a database from the command line. Exit
 * codes: 0 ok, 1 a query, question or evaluation failed, 2 the command line was wrong.
 */
@Command(
    name = "databaseai",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = "Ask a database in plain language. Without a command, starts the server (serve).",
    footer = {
      "",
      "Examples (java -jar databaseai-server.jar …):",
      "  (no command)        start the server and the web page",
      "  sql --demo \"SELECT count(*) FROM device\"",
      "  ask --url jdbc:postgresql://localhost/shop --user me \"top customers\"",
      "  eval questions.json --demo --json report.json --junit report.xml",
      "",
      "Exit codes: 0 ok, 1 query/question/evaluation failed, 2 usage error."
    })
public final class Cli implements Runnable {

  private static final List<String> COMMANDS =
      List.of("ask", "sql", "schema", "eval", "serve", "help");

  @Spec CommandSpec spec;

  /** Runs the command line and exits with its code ({@code serve} keeps running). */
  public static void main(String[] args) {
    if (isServe(args)) {
      serve(serveArgs(args));
      return;
    }
    if (System.getProperty("logback.configurationFile") == null) {
      // Keep stdout for results: the CLI logs warnings only, to stderr.
      System.setProperty("logback.configurationFile", "dev/databaseai/server/cli/logback-cli.xml");
    }
    // Libraries that log through java.util.logging: warnings only, too.
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    System.exit(run(args, CliContext.system()));
  }

  /**
   * Runs a command (not {@code serve}) with the given streams and environment.
   *
   * @return the exit code
   */
  public static int run(String[] args, CliContext context) {
    CommandLine cli = commandLine(context);
    return cli.execute(args);
  }

  static CommandLine commandLine(CliContext context) {
    CommandLine cli = new CommandLine(new Cli());
    cli.addSubcommand(new SqlCommand(context));
    cli.addSubcommand(new SchemaCommand(context));
    cli.addSubcommand(new AskCommand(context));
    cli.addSubcommand(new EvalCommand(context));
    cli.addSubcommand(new ServeCommand());
    cli.addSubcommand(new CommandLine.HelpCommand());
    cli.setOut(new java.io.PrintWriter(context.out(), true));
    cli.setErr(new java.io.PrintWriter(context.err(), true));
    cli.setColorScheme(
        CommandLine.Help.defaultColorScheme(
            context.terminal() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof CliException c) {
            commandLine.getErr().println(context.paint(Ansi.RED, "error: ") + c.getMessage());
            return c.exitCode();
          }
          commandLine.getErr().println(context.paint(Ansi.RED, "error: ") + describe(e));
          return ExitCodes.QUERY_FAILED;
        });
    cli.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine c = e.getCommandLine();
          c.getErr().println(context.paint(Ansi.RED, "error: ") + e.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.USAGE;
        });
    return cli;
  }

  /** The top level without a command: start the server. */
  @Override
  public void run() {
    serve(new String[0]);
  }

  /** Starts the Micronaut server (API, web page, demo database) and returns once it runs. */
  static void serve(String[] args) {
    Micronaut.build(args).mainClass(Cli.class).banner(false).start();
  }

  private static boolean isServe(String[] args) {
    if (args.length == 0 || args[0].equals("serve")) {
      return true;
    }
    // Micronaut-style settings such as -micronaut.server.port=8081 with no command also serve.
    return args[0].startsWith("-")
        && !COMMANDS.contains(args[0])
        && Arrays.stream(args)
            .noneMatch(
                a ->
                    a.equals("--help")
                        || a.equals("-h")
                        || a.equals("--version")
                        || a.equals("-V"));
  }

  private static String[] serveArgs(String[] args) {
    return args.length > 0 && args[0].equals("serve")
        ? Arrays.copyOfRange(args, 1, args.length)
        : args;
  }

  /** One sentence for an unexpected failure: the innermost message, never a stack trace. */
  static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null
        && t.getCause() != t
        && (t.getMessage() == null || t instanceof java.lang.reflect.InvocationTargetException)) {
      t = t.getCause();
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
  }

  /** The version from the jar manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"DatabaseAI " + (v == null ? "(development build)" : v)};
    }
  }
}
