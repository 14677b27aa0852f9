package dev.databaseai.server.cli;

/** The process exit codes scripts can rely on. */
public final class ExitCodes {

  /** The command did what was asked. */
  public static final int OK = 0;

  /** A query, question, connection or evaluation failed. */
  public static final int QUERY_FAILED = 1;

  /** The command line was wrong (unknown option, missing value, bad JDBC URL). */
  public static final int USAGE = 2;

  private ExitCodes() {}
}
