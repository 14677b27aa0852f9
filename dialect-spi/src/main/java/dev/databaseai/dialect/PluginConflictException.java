package dev.databaseai.dialect;

/** Two plugins claim the same id, or tie for the same request; the message names both. */
public class PluginConflictException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public PluginConflictException(String message) {
    super(message);
  }
}
