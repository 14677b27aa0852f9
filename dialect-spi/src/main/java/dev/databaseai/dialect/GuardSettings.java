package dev.databaseai.dialect;

import java.time.Duration;
import java.util.Objects;

/**
 * What the session guards enforce on every physical connection.
 *
 * @param readOnly the database itself refuses writes (the second line of defence after {@code
 *     SqlGuard})
 * @param statementTimeout the longest a single statement may run; positive
 * @param maxRows the most rows a query returns to the caller; positive
 */
public record GuardSettings(boolean readOnly, Duration statementTimeout, int maxRows) {

  /** Read-only, 30 s per statement, 1,000 rows. */
  public static final GuardSettings DEFAULT = new GuardSettings(true, Duration.ofSeconds(30), 1000);

  public GuardSettings {
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    if (statementTimeout.isNegative() || statementTimeout.isZero()) {
      throw new IllegalArgumentException(
          "statementTimeout must be positive, was " + statementTimeout);
    }
    if (maxRows <= 0) {
      throw new IllegalArgumentException("maxRows must be positive, was " + maxRows);
    }
  }
}
