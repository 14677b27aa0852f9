package dev.databaseai.server.cli;

/**
 * A failure the CLI reports as one sentence (never a stack trace) with the process exit code.
 * Messages never contain passwords or API keys.
 */
public final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** {@link ExitCodes#QUERY_FAILED} or {@link ExitCodes#USAGE}. */
  public int exitCode() {
    return exitCode;
  }
}
