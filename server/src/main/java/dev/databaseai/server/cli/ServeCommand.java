package dev.databaseai.server.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code serve}: starts the API server and web page (the default command). */
@Command(
    name = "serve",
    description = {
      "Start the DatabaseAI server: the v1 HTTP API, the web page at / and the demo database.",
      "Settings come from the environment (MICRONAUT_SERVER_PORT, OPENAI_API_KEY, DATABASEAI_*…)",
      "or Micronaut-style arguments such as -micronaut.server.port=8081."
    },
    mixinStandardHelpOptions = true)
final class ServeCommand implements Runnable {

  @Unmatched List<String> micronautArgs = new ArrayList<>();

  @Override
  public void run() {
    Cli.serve(micronautArgs.toArray(String[]::new));
  }
}
