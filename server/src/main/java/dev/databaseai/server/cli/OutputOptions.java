package dev.databaseai.server.cli;

import picocli.CommandLine.Option;

/** How results are printed. */
final class OutputOptions {

  @Option(names = "--json", description = "Print JSON for scripts instead of a table")
  boolean json;

  @Option(
      names = "--no-color",
      description = "Never colour the output (colour is used only on a terminal anyway)")
  boolean noColor;
}
