package dev.databaseai.dialect.postgres;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fields of a PostgreSQL error as separate values: from pgjdbc's {@code ServerErrorMessage}
 * when the driver is on the class path, else parsed from the driver's formatted message ({@code
 * ERROR: text / Detail: / Hint: / Position:}).
 */
record ServerMessage(String sqlState, String message, String detail, String hint, int position) {

  private static final boolean DRIVER_PRESENT = driverPresent();
  private static final Pattern SEVERITY =
      Pattern.compile("^(?:ERROR|FATAL|PANIC|FEHLER|ERREUR):\\s*");
  private static final Pattern FIELD =
      Pattern.compile(
          "(?m)^\\s+(Detail|Hint|Position|Where|Internal Position|Internal Query|Location):\\s*(.*)$");

  static ServerMessage of(SQLException exception) {
    String state = exception.getSQLState() == null ? "" : exception.getSQLState();
    if (DRIVER_PRESENT) {
      ServerMessage fromDriver = PgjdbcFields.read(exception, state);
      if (fromDriver != null) {
        return fromDriver;
      }
    }
    return parse(state, exception.getMessage());
  }

  /** Reads the driver's formatted text; used when pgjdbc's structured fields are not available. */
  static ServerMessage parse(String state, String text) {
    if (text == null) {
      return new ServerMessage(state, "", "", "", 0);
    }
    Matcher field = FIELD.matcher(text);
    int firstField = text.length();
    String detail = "";
    String hint = "";
    int position = 0;
    while (field.find()) {
      firstField = Math.min(firstField, field.start());
      String value = field.group(2).trim();
      switch (field.group(1)) {
        case "Detail" -> detail = value;
        case "Hint" -> hint = value;
        case "Position" -> position = parsePosition(value);
        default -> {
          // where / internal query / location are not part of the diagnosis
        }
      }
    }
    String primary = SEVERITY.matcher(text.substring(0, firstField).trim()).replaceFirst("");
    return new ServerMessage(state, primary, detail, hint, position);
  }

  private static int parsePosition(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean driverPresent() {
    try {
      Class.forName(
          "org.postgresql.util.PSQLException", false, ServerMessage.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Only loaded when pgjdbc is present, so the dialect works without the driver at compile time of
   * users.
   */
  private static final class PgjdbcFields {
    static ServerMessage read(SQLException exception, String state) {
      if (!(exception instanceof org.postgresql.util.PSQLException psql)) {
        return null;
      }
      org.postgresql.util.ServerErrorMessage server = psql.getServerErrorMessage();
      if (server == null) {
        return null;
      }
      String serverState = server.getSQLState() == null ? state : server.getSQLState();
      return new ServerMessage(
          serverState,
          nonNull(server.getMessage()),
          nonNull(server.getDetail()),
          nonNull(server.getHint()),
          server.getPosition());
    }

    private static String nonNull(String value) {
      return value == null ? "" : value;
    }
  }
}
