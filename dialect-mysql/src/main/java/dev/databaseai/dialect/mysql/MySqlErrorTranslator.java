package dev.databaseai.dialect.mysql;

import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.error.ErrorTranslator;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies MySQL and MariaDB errors by vendor error code first, then by SQLSTATE class, and reads
 * the offending name out of the message's quoted argument (the only place the server puts it).
 * Works with any driver: it reads only {@link SQLException#getErrorCode()}, {@link
 * SQLException#getSQLState()} and {@link SQLException#getMessage()}. Immutable and thread-safe.
 *
 * <p>Identifiers come back as written where the server echoes them ({@code r.user_id}); a table
 * name the server qualified with the current database ({@code Table 'shop.users' doesn't exist})
 * comes back bare ({@code users}), as does a function ({@code FUNCTION shop.date_trunc does not
 * exist} gives {@code date_trunc}).
 *
 * <p>Select-list rules are {@link ErrorCategory#GROUPING_ERROR}, as on PostgreSQL (42P10): MySQL's
 * 3065 / 3066 (an ORDER BY expression outside the select list of a SELECT DISTINCT; MariaDB has no
 * such rule), and 1054 when the "unknown column" is a number in ORDER BY or GROUP BY ({@code
 * Unknown column '3' in 'order clause'}): that is a position beyond the select list, not a name,
 * and comes back as the identifier {@code ORDER BY 3}.
 */
public final class MySqlErrorTranslator implements ErrorTranslator {

  private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'");
  private static final Pattern UNKNOWN_COLUMN = Pattern.compile("Unknown column '(.+?)' in '");
  private static final Pattern MISSING_TABLE = Pattern.compile("Table '(.+?)' doesn't exist");
  private static final Pattern UNKNOWN_TABLE = Pattern.compile("Unknown table '(.+?)'");
  private static final Pattern AMBIGUOUS = Pattern.compile("Column '(.+?)' in .*?is ambiguous");
  private static final Pattern NO_FUNCTION =
      Pattern.compile("(?:FUNCTION|PROCEDURE) (\\S+?) does not exist");
  private static final Pattern NATIVE_FUNCTION = Pattern.compile("native function '(.+?)'");
  private static final Pattern ROUTINE_ARGUMENTS =
      Pattern.compile(
          "(?:arguments for|call to stored function) (?:FUNCTION |PROCEDURE )?[`']?([\\w.$]+)");
  private static final Pattern NONAGGREGATED = Pattern.compile("nonaggregated column '(.+?)'");
  private static final Pattern ORDER_NOT_SELECTED = Pattern.compile("references column '(.+?)'");
  private static final Pattern POSITION =
      Pattern.compile(
          "Unknown column '(\\d+)' in '(order clause|ORDER BY|group statement|GROUP BY)'",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern NEAR = Pattern.compile("near '(.*)' at line (\\d+)", Pattern.DOTALL);
  private static final Pattern LEADING_WORD = Pattern.compile("^\\s*([A-Za-z_][\\w$]*|::)");
  private static final Pattern TWO_TYPES =
      Pattern.compile("data types (\\S+) and (\\S+) for operation '(.+?)'");
  private static final Pattern ONE_TYPE = Pattern.compile("data type (\\S+) for operation '(.+?)'");
  private static final Pattern COLLATIONS = Pattern.compile("\\(([\\w]+),\\s*\\w+\\)");
  private static final Pattern DENIED_COLUMN = Pattern.compile("for column '(.+?)'");
  private static final Pattern JSON_FUNCTION = Pattern.compile("to function (\\w+)");

  /** Reads the offending name out of a message. */
  private interface Name extends Function<String, Optional<String>> {}

  private static final Name NONE = m -> Optional.empty();
  private static final Name FIRST_QUOTED = MySqlErrorTranslator::firstQuoted;
  private static final Name LAST_QUOTED = MySqlErrorTranslator::lastQuoted;
  private static final Name COLUMN = m -> group(UNKNOWN_COLUMN, m);
  private static final Name TABLE = m -> group(MISSING_TABLE, m).map(MySqlErrorTranslator::bare);
  private static final Name QUALIFIED_ALIAS =
      m -> group(UNKNOWN_TABLE, m).map(MySqlErrorTranslator::bare);
  private static final Name ALIAS = m -> group(UNKNOWN_TABLE, m);
  private static final Name AMBIGUOUS_NAME = m -> group(AMBIGUOUS, m);
  private static final Name FUNCTION = m -> group(NO_FUNCTION, m).map(MySqlErrorTranslator::bare);
  private static final Name NATIVE = m -> group(NATIVE_FUNCTION, m);
  private static final Name ROUTINE =
      m -> group(ROUTINE_ARGUMENTS, m).map(MySqlErrorTranslator::bare);
  private static final Name NEAR_WORD = MySqlErrorTranslator::leadingWordNear;
  private static final Name GROUPING_COLUMN = MySqlErrorTranslator::groupingColumn;
  private static final Name ORDER_COLUMN =
      m -> group(ORDER_NOT_SELECTED, m).map(MySqlErrorTranslator::withoutDatabase);
  private static final Name TWO_TYPES_OPERATION = m -> group(TWO_TYPES, m, 3);
  private static final Name ONE_TYPE_OPERATION = m -> group(ONE_TYPE, m, 2);
  private static final Name JSON = m -> group(JSON_FUNCTION, m);
  private static final Name DENIED_TABLE = MySqlErrorTranslator::deniedTable;
  private static final Name DENIED_COLUMN_NAME = m -> group(DENIED_COLUMN, m);

  /** The vendor codes this translator knows (MySQL and MariaDB share most numbers). */
  private static final Map<Integer, Rule> RULES =
      Map.ofEntries(
          rule(1054, ErrorCategory.UNDEFINED_COLUMN, COLUMN), // ER_BAD_FIELD_ERROR
          rule(1146, ErrorCategory.UNDEFINED_TABLE, TABLE), // ER_NO_SUCH_TABLE
          rule(1051, ErrorCategory.UNDEFINED_TABLE, QUALIFIED_ALIAS), // m.* with m undefined
          rule(1109, ErrorCategory.UNDEFINED_TABLE, ALIAS), // in MULTI DELETE / field list
          rule(1052, ErrorCategory.AMBIGUOUS_COLUMN, AMBIGUOUS_NAME), // ER_NON_UNIQ_ERROR
          rule(1305, ErrorCategory.UNDEFINED_FUNCTION, FUNCTION), // ER_SP_DOES_NOT_EXIST
          rule(1630, ErrorCategory.UNDEFINED_FUNCTION, FUNCTION), // space before "("
          rule(1582, ErrorCategory.UNDEFINED_FUNCTION, NATIVE), // parameter count
          rule(1583, ErrorCategory.UNDEFINED_FUNCTION, NATIVE), // parameters
          rule(1584, ErrorCategory.UNDEFINED_FUNCTION, ROUTINE), // stored function parameters
          rule(1318, ErrorCategory.UNDEFINED_FUNCTION, ROUTINE), // argument count of a routine
          rule(1064, ErrorCategory.SYNTAX_ERROR, NEAR_WORD), // ER_PARSE_ERROR
          rule(1149, ErrorCategory.SYNTAX_ERROR, NEAR_WORD), // ER_SYNTAX_ERROR
          rule(1055, ErrorCategory.GROUPING_ERROR, GROUPING_COLUMN), // not in GROUP BY
          rule(1056, ErrorCategory.GROUPING_ERROR, FIRST_QUOTED), // can't group on
          rule(1111, ErrorCategory.GROUPING_ERROR, NONE), // invalid use of group function
          rule(1140, ErrorCategory.GROUPING_ERROR, GROUPING_COLUMN), // aggregate without GROUP BY
          rule(1463, ErrorCategory.GROUPING_ERROR, FIRST_QUOTED), // non-grouping field in HAVING
          rule(
              3065, ErrorCategory.GROUPING_ERROR, ORDER_COLUMN), // MySQL: DISTINCT, ORDER BY column
          rule(3066, ErrorCategory.GROUPING_ERROR, NONE), // MySQL: DISTINCT, ORDER BY aggregate
          rule(1292, ErrorCategory.INVALID_LITERAL, LAST_QUOTED), // truncated incorrect value
          rule(1366, ErrorCategory.INVALID_LITERAL, FIRST_QUOTED), // incorrect value for column
          rule(1367, ErrorCategory.INVALID_LITERAL, FIRST_QUOTED), // illegal value for type
          rule(1411, ErrorCategory.INVALID_LITERAL, FIRST_QUOTED), // incorrect value for function
          rule(1525, ErrorCategory.INVALID_LITERAL, FIRST_QUOTED), // DATE 'x', TIMESTAMP 'x'
          rule(1139, ErrorCategory.INVALID_LITERAL, NONE), // MariaDB regexp error
          rule(3141, ErrorCategory.INVALID_LITERAL, JSON), // MySQL invalid JSON text
          rule(3143, ErrorCategory.INVALID_LITERAL, JSON), // MySQL invalid JSON path
          rule(3037, ErrorCategory.INVALID_LITERAL, NONE), // MySQL invalid GIS data
          rule(4078, ErrorCategory.TYPE_MISMATCH, TWO_TYPES_OPERATION), // MariaDB: types a and b
          rule(4079, ErrorCategory.TYPE_MISMATCH, ONE_TYPE_OPERATION), // MariaDB: type a
          rule(1267, ErrorCategory.TYPE_MISMATCH, LAST_QUOTED), // illegal mix of collations
          rule(1270, ErrorCategory.TYPE_MISMATCH, LAST_QUOTED),
          rule(1271, ErrorCategory.TYPE_MISMATCH, LAST_QUOTED),
          rule(3146, ErrorCategory.TYPE_MISMATCH, JSON), // MySQL: JSON argument required
          rule(1210, ErrorCategory.TYPE_MISMATCH, NONE), // incorrect arguments
          rule(1365, ErrorCategory.DIVISION_BY_ZERO, NONE), // strict-mode writes only
          rule(1142, ErrorCategory.PERMISSION_DENIED, DENIED_TABLE), // table
          rule(1143, ErrorCategory.PERMISSION_DENIED, DENIED_COLUMN_NAME), // column
          rule(1044, ErrorCategory.PERMISSION_DENIED, LAST_QUOTED), // database
          rule(1045, ErrorCategory.PERMISSION_DENIED, NONE), // login; FILE on MariaDB 11.4
          rule(1227, ErrorCategory.PERMISSION_DENIED, NONE), // needs SUPER, FILE, …
          rule(1370, ErrorCategory.PERMISSION_DENIED, LAST_QUOTED), // routine
          rule(1698, ErrorCategory.PERMISSION_DENIED, NONE), // login through an auth plugin
          rule(1792, ErrorCategory.READ_ONLY_VIOLATION, NONE), // READ ONLY transaction
          rule(1290, ErrorCategory.READ_ONLY_VIOLATION, NONE), // --read-only server
          rule(1836, ErrorCategory.READ_ONLY_VIOLATION, NONE), // read-only mode
          rule(1223, ErrorCategory.READ_ONLY_VIOLATION, NONE), // read lock held
          rule(3024, ErrorCategory.TIMEOUT, NONE), // MySQL max_execution_time
          rule(1969, ErrorCategory.TIMEOUT, NONE), // MariaDB max_statement_time
          rule(1317, ErrorCategory.TIMEOUT, NONE), // interrupted: KILL QUERY, cancel
          rule(1205, ErrorCategory.TIMEOUT, NONE), // lock wait timeout
          rule(2002, ErrorCategory.CONNECTION, NONE), // client: no socket
          rule(2003, ErrorCategory.CONNECTION, NONE), // client: cannot connect
          rule(2006, ErrorCategory.CONNECTION, NONE), // client: server has gone away
          rule(2013, ErrorCategory.CONNECTION, NONE), // client: lost connection
          rule(1040, ErrorCategory.CONNECTION, NONE), // too many connections
          rule(1053, ErrorCategory.CONNECTION, NONE), // server shutdown
          rule(1927, ErrorCategory.CONNECTION, NONE), // MariaDB: connection was killed
          rule(4031, ErrorCategory.CONNECTION, NONE)); // MySQL: idle client disconnected

  @Override
  public DbError translate(SQLException exception) {
    try {
      return classify(exception);
    } catch (RuntimeException unexpected) {
      // The contract says never throw: fall back to the raw fields.
      return DbError.builder(ErrorCategory.OTHER, String.valueOf(exception.getMessage()))
          .sqlState(exception.getSQLState())
          .vendorCode(exception.getErrorCode())
          .build();
    }
  }

  private static DbError classify(SQLException exception) {
    SQLException source = innermostCoded(exception);
    int code = source.getErrorCode();
    String sqlState = source.getSQLState() == null ? "" : source.getSQLState();
    String message = source.getMessage() == null ? "" : source.getMessage();
    Rule rule = RULES.get(code);
    ErrorCategory category = rule != null ? rule.category() : bySqlState(exception, sqlState);
    DbError.Builder builder =
        DbError.builder(category, message).sqlState(sqlState).vendorCode(code);
    if (rule != null) {
      rule.identifier().apply(message).ifPresent(builder::identifier);
    }
    Matcher position = POSITION.matcher(message);
    if (code == 1054 && position.find()) {
      String clause =
          position.group(2).toLowerCase(Locale.ROOT).startsWith("order") ? "ORDER BY" : "GROUP BY";
      return DbError.builder(ErrorCategory.GROUPING_ERROR, message)
          .sqlState(sqlState)
          .vendorCode(code)
          .identifier(clause + " " + position.group(1))
          .build();
    }
    if (code == 4078) {
      Matcher m = TWO_TYPES.matcher(message);
      if (m.find()) {
        builder.types(List.of(m.group(1), m.group(2)));
      }
    } else if (code == 4079) {
      Matcher m = ONE_TYPE.matcher(message);
      if (m.find()) {
        builder.types(List.of(m.group(1)));
      }
    } else if (code == 1267 || code == 1270 || code == 1271) {
      builder.types(all(COLLATIONS, message));
    }
    return builder.build();
  }

  /**
   * Without a known code: the SQLSTATE class, then the JDBC exception type, then the one driver
   * refusal that has neither (Connector/J on a read-only connection: code 0, SQLSTATE S1009).
   */
  private static ErrorCategory bySqlState(SQLException exception, String sqlState) {
    if (exception instanceof SQLTimeoutException
        || sqlState.equals("70100")
        || sqlState.equals("HYT00")) {
      return ErrorCategory.TIMEOUT;
    }
    if (sqlState.startsWith("08")
        || exception instanceof SQLNonTransientConnectionException
        || exception instanceof SQLTransientConnectionException
        || exception instanceof SQLRecoverableException) {
      return ErrorCategory.CONNECTION;
    }
    if (sqlState.equals("25006")) {
      return ErrorCategory.READ_ONLY_VIOLATION;
    }
    if (sqlState.equals("42S22")) {
      return ErrorCategory.UNDEFINED_COLUMN;
    }
    if (sqlState.equals("42S02")) {
      return ErrorCategory.UNDEFINED_TABLE;
    }
    if (sqlState.equals("28000")) {
      return ErrorCategory.PERMISSION_DENIED;
    }
    if (sqlState.equals("22012")) {
      return ErrorCategory.DIVISION_BY_ZERO;
    }
    if (sqlState.equals("22007") || sqlState.equals("22018")) {
      return ErrorCategory.INVALID_LITERAL;
    }
    String message = String.valueOf(exception.getMessage()).toLowerCase(Locale.ROOT);
    if (exception.getErrorCode() == 0
        && message.contains("read-only")
        && message.contains("data modification")) {
      return ErrorCategory.READ_ONLY_VIOLATION;
    }
    return ErrorCategory.OTHER;
  }

  /**
   * Drivers sometimes wrap the server's error (e.g. a batch or a pool): the first exception in the
   * cause chain that carries a vendor code, else the one given.
   */
  private static SQLException innermostCoded(SQLException exception) {
    Throwable current = exception;
    for (int depth = 0; current != null && depth < 8; depth++, current = current.getCause()) {
      if (current instanceof SQLException sql && sql.getErrorCode() != 0) {
        return sql;
      }
    }
    return exception;
  }

  private static Map.Entry<Integer, Rule> rule(int code, ErrorCategory category, Name identifier) {
    return Map.entry(code, new Rule(category, identifier));
  }

  private static Optional<String> group(Pattern pattern, String message) {
    return group(pattern, message, 1);
  }

  private static Optional<String> group(Pattern pattern, String message, int group) {
    Matcher m = pattern.matcher(message);
    return m.find() ? Optional.of(m.group(group)) : Optional.empty();
  }

  private static List<String> all(Pattern pattern, String message) {
    Matcher m = pattern.matcher(message);
    return m.results().map(r -> r.group(1)).toList();
  }

  private static Optional<String> firstQuoted(String message) {
    return group(QUOTED, message).map(s -> s.replace("''", "'"));
  }

  private static Optional<String> lastQuoted(String message) {
    List<String> quoted = all(QUOTED, message);
    return quoted.isEmpty() ? Optional.empty() : Optional.of(quoted.get(quoted.size() - 1));
  }

  /** {@code 'shop.users.name' isn't in GROUP BY} (MariaDB) or MySQL's "nonaggregated column". */
  private static Optional<String> groupingColumn(String message) {
    Optional<String> mysql = group(NONAGGREGATED, message);
    return (mysql.isPresent() ? mysql : firstQuoted(message))
        .map(MySqlErrorTranslator::withoutDatabase);
  }

  /** {@code … for table `shop`.`users`} (MariaDB) or {@code … for table 'users'} (MySQL). */
  private static Optional<String> deniedTable(String message) {
    int at = message.lastIndexOf(" for table ");
    if (at < 0) {
      return Optional.empty();
    }
    String table = message.substring(at + " for table ".length()).replace("`", "").replace("'", "");
    return Optional.of(bare(table.trim()));
  }

  /**
   * The first word of the text the parser stopped at: {@code ILIKE}, {@code FILTER}, {@code ::}.
   */
  private static Optional<String> leadingWordNear(String message) {
    Matcher near = NEAR.matcher(message);
    if (!near.find()) {
      return Optional.empty();
    }
    Matcher word = LEADING_WORD.matcher(near.group(1));
    return word.find() ? Optional.of(word.group(1)) : Optional.empty();
  }

  /** {@code shop.users} → {@code users}: the server qualifies names with the current database. */
  private static String bare(String qualified) {
    int dot = qualified.indexOf('.');
    return dot < 0 ? qualified : qualified.substring(dot + 1);
  }

  /** {@code shop.users.name} → {@code users.name}; shorter names stay as they are. */
  private static String withoutDatabase(String name) {
    String[] parts = name.split("\\.");
    return parts.length == 3 ? parts[1] + "." + parts[2] : name;
  }

  private record Rule(ErrorCategory category, Name identifier) {}
}
