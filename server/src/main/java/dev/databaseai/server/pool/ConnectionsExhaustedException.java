package dev.databaseai.server.pool;

import java.sql.SQLTransientConnectionException;

/**
 * No connection could be had within the acquire bound: the message names the cap that was reached
 * (the per-pool maximum or the global one) and the setting that raises it.
 */
public final class ConnectionsExhaustedException extends SQLTransientConnectionException {

  private static final long serialVersionUID = 1L;

  private final String setting;

  ConnectionsExhaustedException(String message, String setting, Throwable cause) {
    super(message, "08004", cause);
    this.setting = setting;
  }

  /** The configuration key whose cap was reached, e.g. {@code databaseai.pools.global-max}. */
  public String setting() {
    return setting;
  }
}
