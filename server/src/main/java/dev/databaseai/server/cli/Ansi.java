package dev.databaseai.server.cli;

/** The few ANSI escapes the CLI uses, only when writing to a terminal. */
final class Ansi {
  static final String RESET = "\u001b[0m";
  static final String BOLD = "\u001b[1m";
  static final String DIM = "\u001b[2m";
  static final String RED = "\u001b[31m";
  static final String GREEN = "\u001b[32m";
  static final String YELLOW = "\u001b[33m";
  static final String CYAN = "\u001b[36m";

  private Ansi() {}
}
