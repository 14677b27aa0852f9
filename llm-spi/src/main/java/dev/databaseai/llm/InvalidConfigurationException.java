package dev.databaseai.llm;

/**
 * A provider's setting is missing or malformed; the message names the setting and how to fix it.
 */
public class InvalidConfigurationException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidConfigurationException(String message) {
    super(message);
  }
}
