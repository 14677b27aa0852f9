package dev.databaseai.dialect;

/**
 * No registered plugin matches a request; the message lists what is available and how to add one.
 */
public class NoSuchPluginException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public NoSuchPluginException(String message) {
    super(message);
  }
}
