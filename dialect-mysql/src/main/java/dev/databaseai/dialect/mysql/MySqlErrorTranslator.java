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
      Pattern.compile("(?:arguments for|call to stored function) (?:FUNCTION |PROCEDURE )?[`']?([\\w.$]+)");
  private static final Pattern NONAGGREGATED = Pattern.compile("nonaggregated column '(.+?)'");
  private static final Pattern NEAR = Pattern.compile("near '(.*)' at line (\\d+)", Pattern.DOTALL);
  private static final Pattern LEADING_WORD = Pattern.compile("^\\s*([A-Za-z_][\\w$]*|::)");
  private static final Pattern TWO_TYPES =
      Pattern.compile("data types (\\S+) and (\\S+) for operation '(.+?)'");
  private static final Pattern ONE_TYPE =
      Pattern.compile("data type (\\S+) for operation '(.+?)'");
  private static final Pattern COLLATIONS = Pattern.compile("\\(([\\w]+),\\s*\\w+\\)");
  private static final Pattern DENIED_COLUMN = Pattern.compile("for column '(.+?)'");
  private static final Pattern JSON_FUNCTION = Pattern.compile("to function (\\w+)");

  /** The vendor codes this translator knows, with what each means. */
  private static final Map<Integer, Rule> RULES =
      Map.ofEntries(
          // names
          rule(1054, ErrorCategory.UNDEFINED_COLUMN, m -> group(UNKNOWN_COLUMN, m)), // ER_BAD_FIELD_ERROR
          rule(1146, ErrorCategory.UNDEFINED_TABLE, m -> group(MISSING_TABLE, m).map(MySqlErrorTranslator::bare)),
          rule(1051, ErrorCategory.UNDEFINED_TABLE, m -> group(UNKNOWN_TABLE, m).map(MySqlErrorTranslator::bare)),
          rule(1109, ErrorCategory.UNDEFINED_TABLE, m -> group(UNKNOWN_TABLE, m)), // in MULTI DELETE / field list
          rule(1052, ErrorCategory.AMBIGUOUS_COLUMN, m -> group(AMBIGUOUS, m)), // ER_NON_UNIQ_ERROR
          rule(1305, ErrorCategory.UNDEFINED_FUNCTION, m -> group(NO_FUNCTION, m).map(MySqlErrorTranslator::bare)),
          rule(1630, ErrorCategory.UNDEFINED_FUNCTION, m -> group(NO_FUNCTION, m).map(MySqlErrorTranslator::bare)),
          rule(1582, ErrorCategory.UNDEFINED_FUNCTION, m -> group(NATIVE_FUNCTION, m)), // parameter count
          rule(1583, ErrorCategory.UNDEFINED_FUNCTION, m -> group(NATIVE_FUNCTION, m)), // parameters
          rule(1584, ErrorCategory.UNDEFINED_FUNCTION, m -> group(ROUTINE_ARGUMENTS, m).map(MySqlErrorTranslator::bare)),
          rule(1318, ErrorCategory.UNDEFINED_FUNCTION, m -> group(ROUTINE_ARGUMENTS, m).map(MySqlErrorTranslator::bare)),
          // syntax
          rule(1064, ErrorCategory.SYNTAX_ERROR, MySqlErrorTranslator::leadingWordNear), // ER_PARSE_ERROR
          rule(1149, ErrorCategory.SYNTAX_ERROR, MySqlErrorTranslator::leadingWordNear), // ER_SYNTAX_ERROR
          // grouping
          rule(1055, ErrorCategory.GROUPING_ERROR, MySqlErrorTranslator::groupingColumn), // ER_WRONG_FIELD_WITH_GROUP
          rule(1056, ErrorCategory.GROUPING_ERROR, MySqlErrorTranslator::firstQuoted), // ER_WRONG_GROUP_FIELD
          rule(1111, ErrorCategory.GROUPING_ERROR, m -> Optional.empty()), // ER_INVALID_GROUP_FUNC_USE
          rule(1140, ErrorCategory.GROUPING_ERROR, MySqlErrorTranslator::groupingColumn), // ER_MIX_OF_GROUP_FUNC_AND_FIELDS
          rule(1463, ErrorCategory.GROUPING_ERROR, MySqlErrorTranslator::firstQuoted), // ER_NON_GROUPING_FIELD_USED
          // literals
          rule(1292, ErrorCategory.INVALID_LITERAL, MySqlErrorTranslator::lastQuoted), // ER_TRUNCATED_WRONG_VALUE
          rule(1366, ErrorCategory.INVALID_LITERAL, MySqlErrorTranslator::firstQuoted), // incorrect value for column
          rule(1367, ErrorCategory.INVALID_LITERAL, MySqlErrorTranslator::firstQuoted), // ER_ILLEGAL_VALUE_FOR_TYPE
          rule(1411, ErrorCategory.INVALID_LITERAL, MySqlErrorTranslator::firstQuoted), // ER_WRONG_VALUE_FOR_TYPE
          rule(1525, ErrorCategory.INVALID_LITERAL, MySqlErrorTranslator::firstQuoted), // ER_WRONG_VALUE: DATE 'x'
          rule(1139, ErrorCategory.INVALID_LITERAL, m -> Optional.empty()), // ER_REGEXP_ERROR (MariaDB)
          rule(3141, ErrorCategory.INVALID_LITERAL, m -> group(JSON_FUNCTION, m)), // MySQL invalid JSON text
          rule(3143, ErrorCategory.INVALID_LITERAL, m -> group(JSON_FUNCTION, m)), // MySQL invalid JSON path
          rule(3037, ErrorCategory.INVALID_LITERAL, m -> Optional.empty()), // MySQL invalid GIS data
          // types
          rule(4078, ErrorCategory.TYPE_MISMATCH, m -> group(TWO_TYPES, m, 3)), // MariaDB: types a and b for op
          rule(4079, ErrorCategory.TYPE_MISMATCH, m -> group(ONE_TYPE, m, 2)), // MariaDB: type a for op
          rule(1267, ErrorCategory.TYPE_MISMATCH, MySqlErrorTranslator::lastQuoted), // illegal mix of collations
          rule(1270, ErrorCategory.TYPE_MISMATCH, MySqlErrorTranslator::lastQuoted),
          rule(1271, ErrorCategory.TYPE_MISMATCH, MySqlErrorTranslator::lastQuoted),
          rule(3146, ErrorCategory.TYPE_MISMATCH, m -> group(JSON_FUNCTION, m)), // MySQL: JSON type required
          rule(1210, ErrorCategory.TYPE_MISMATCH, m -> Optional.empty()), // ER_WRONG_ARGUMENTS
          // division by zero (writes in strict mode only)
          rule(1365, ErrorCategory.DIVISION_BY_ZERO, m -> Optional.empty()),
          // privileges
          rule(1142, ErrorCategory.PERMISSION_DENIED, MySqlErrorTranslator::deniedTable), // table access
          rule(1143, ErrorCategory.PERMISSION_DENIED, m -> group(DENIED_COLUMN, m)), // column access
          rule(1044, ErrorCategory.PERMISSION_DENIED, MySqlErrorTranslator::lastQuoted), // database access
          rule(1045, ErrorCategory.PERMISSION_DENIED, m -> Optional.empty()), // login
          rule(1227, ErrorCategory.PERMISSION_DENIED, m -> Optional.empty()), // needs SUPER/FILE/…
          rule(1370, ErrorCategory.PERMISSION_DENIED, MySqlErrorTranslator::lastQuoted), // routine access
          rule(1698, ErrorCategory.PERMISSION_DENIED, m -> Optional.empty()), // login (auth plugin)
          // read-only
          rule(1792, ErrorCategory.READ_ONLY_VIOLATION, m -> Optional.empty()), // READ ONLY transaction
          rule(1290, ErrorCategory.READ_ONLY_VIOLATION, m -> Optional.empty()), // --read-only server option
          rule(1836, ErrorCategory.READ_ONLY_VIOLATION, m -> Optional.empty()), // read-only mode
          rule(1223, ErrorCategory.READ_ONLY_VIOLATION, m -> Optional.empty()), // read lock held
          // timeouts
          rule(3024, ErrorCategory.TIMEOUT, m -> Optional.empty()), // MySQL max_execution_time
          rule(1969, ErrorCategory.TIMEOUT, m -> Optional.empty()), // MariaDB max_statement_time
          rule(1317, ErrorCategory.TIMEOUT, m -> Optional.empty()), // query interrupted (KILL QUERY, cancel)
          rule(1205, ErrorCategory.TIMEOUT, m -> Optional.empty()), // lock wait timeout
          // connection
          rule(2002, ErrorCategory.CONNECTION, m -> Optional.empty()),
          rule(2003, ErrorCategory.CONNECTION, m -> Optional.empty()),
          rule(2006, ErrorCategory.CONNECTION, m -> Optional.empty()),
          rule(2013, ErrorCategory.CONNECTION, m -> Optional.empty()),
          rule(1040, ErrorCategory.CONNECTION, m -> Optional.empty()), // too many connections
          rule(1053, ErrorCategory.CONNECTION, m -> Optional.empty()), // server shutdown
          rule(1927, ErrorCategory.CONNECTION, m -> Optional.empty()), // MariaDB connection killed
          rule(4031, ErrorCategory.CONNECTION, m -> Optional.empty())); // MySQL idle disconnect

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
    if (exception instanceof SQLTimeoutException || sqlState.equals("70100") || sqlState.equals("HYT00")) {
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

  private static Map.Entry<Integer, Rule> rule(
      int code, ErrorCategory category, Function<String, Optional<String>> identifier) {
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
    return (mysql.isPresent() ? mysql : firstQuoted(message)).map(MySqlErrorTranslator::withoutDatabase);
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

  /** The first word of the text the parser stopped at: {@code ILIKE}, {@code FILTER}, {@code ::}. */
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

  private record Rule(ErrorCategory category, Function<String, Optional<String>> identifier) {}
}
