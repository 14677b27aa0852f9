package dev.databaseai.dialect.postgres;

import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.error.ErrorTranslator;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies PostgreSQL errors by SQLSTATE and extracts the offending identifier, position and
 * types from the server's message fields. Immutable and thread-safe.
 *
 * <p>One judgement call: SQLSTATE 42883 ({@code undefined_function}) covers both unknown functions
 * and {@code operator does not exist}. A binary comparison, arithmetic or concatenation operator
 * that does not exist for its two operand types ({@code integer = character varying}) is a {@link
 * ErrorCategory#TYPE_MISMATCH} (the fix is a cast), with both types extracted; an operator
 * PostgreSQL has no form of at all, a unary operator, or a function is {@link
 * ErrorCategory#UNDEFINED_FUNCTION}, with the function name and its argument types.
 *
 * <p>Another: SQLSTATE 42P10 ({@code invalid_column_reference}) is a {@link
 * ErrorCategory#GROUPING_ERROR}. Every form a read-only query can raise is a rule about the select
 * list, like "must appear in the GROUP BY clause": ORDER BY under SELECT DISTINCT may use only
 * select-list expressions, DISTINCT ON must lead ORDER BY, and ORDER BY / GROUP BY / DISTINCT ON
 * positions must exist in the select list. The statement parses and every name exists, so it is
 * neither a syntax nor an unknown-name error; the fix reshapes the select list, DISTINCT or GROUP
 * BY. The one 42P10 that is not about the select list ({@code ON CONFLICT} without a matching
 * constraint) concerns writes and stays {@link ErrorCategory#OTHER}.
 */
public final class PostgresErrorTranslator implements ErrorTranslator {

  /**
   * Operators that exist for many types: "does not exist" for them means the operand types clash.
   */
  private static final Set<String> TYPED_OPERATORS =
      Set.of(
          "=", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "^", "||", "~~", "!~~",
          "~~*", "!~~*", "~", "~*", "!~", "!~*", "&", "|", "#", "<<", ">>");

  /** How the statement wrote the operators PostgreSQL reports under their internal names. */
  private static final Map<String, String> SQL_SPELLING =
      Map.of("~~", "LIKE", "!~~", "NOT LIKE", "~~*", "ILIKE", "!~~*", "NOT ILIKE");

  private static final Map<String, ErrorCategory> BY_STATE =
      Map.ofEntries(
          Map.entry("42703", ErrorCategory.UNDEFINED_COLUMN),
          Map.entry("42P01", ErrorCategory.UNDEFINED_TABLE),
          Map.entry("3F000", ErrorCategory.UNDEFINED_TABLE),
          Map.entry("42702", ErrorCategory.AMBIGUOUS_COLUMN),
          Map.entry("42P09", ErrorCategory.AMBIGUOUS_COLUMN),
          Map.entry("42883", ErrorCategory.UNDEFINED_FUNCTION),
          Map.entry("42704", ErrorCategory.UNDEFINED_FUNCTION),
          Map.entry("42804", ErrorCategory.TYPE_MISMATCH),
          Map.entry("42846", ErrorCategory.TYPE_MISMATCH),
          Map.entry("42725", ErrorCategory.TYPE_MISMATCH),
          Map.entry("42P18", ErrorCategory.TYPE_MISMATCH),
          Map.entry("22P02", ErrorCategory.INVALID_LITERAL),
          Map.entry("22007", ErrorCategory.INVALID_LITERAL),
          Map.entry("22008", ErrorCategory.INVALID_LITERAL),
          Map.entry("22003", ErrorCategory.INVALID_LITERAL),
          Map.entry("22023", ErrorCategory.INVALID_LITERAL),
          Map.entry("22009", ErrorCategory.INVALID_LITERAL),
          Map.entry("2201B", ErrorCategory.INVALID_LITERAL),
          Map.entry("22025", ErrorCategory.INVALID_LITERAL),
          Map.entry("42803", ErrorCategory.GROUPING_ERROR),
          Map.entry("42P20", ErrorCategory.GROUPING_ERROR),
          Map.entry("42P10", ErrorCategory.GROUPING_ERROR),
          Map.entry("42601", ErrorCategory.SYNTAX_ERROR),
          Map.entry("22012", ErrorCategory.DIVISION_BY_ZERO),
          Map.entry("42501", ErrorCategory.PERMISSION_DENIED),
          Map.entry("25006", ErrorCategory.READ_ONLY_VIOLATION),
          Map.entry("57014", ErrorCategory.TIMEOUT),
          Map.entry("55P03", ErrorCategory.TIMEOUT),
          Map.entry("57P01", ErrorCategory.CONNECTION),
          Map.entry("57P02", ErrorCategory.CONNECTION),
          Map.entry("57P03", ErrorCategory.CONNECTION),
          Map.entry("57P05", ErrorCategory.CONNECTION),
          Map.entry("25P03", ErrorCategory.CONNECTION),
          Map.entry("53300", ErrorCategory.CONNECTION),
          Map.entry("28000", ErrorCategory.CONNECTION),
          Map.entry("28P01", ErrorCategory.CONNECTION));

  private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"]|\"\")*)\"");
  private static final Pattern COLUMN =
      Pattern.compile(
          "column (?:\"((?:[^\"]|\"\")+)\"|(\\S+)) (?:of relation \"([^\"]+)\" )?does not exist");
  private static final Pattern FUNCTION =
      Pattern.compile("(?:function|procedure) (.+?)\\((.*)\\) (?:does not exist|is not unique)");
  private static final Pattern OPERATOR = Pattern.compile("operator does not exist: (.+)$");
  private static final Pattern TYPE_NAMED = Pattern.compile("type \"([^\"]+)\" does not exist");
  private static final Pattern INPUT_SYNTAX =
      Pattern.compile("invalid input (?:syntax|value) for (?:type )?(.+?): \"(.*)\"$");
  private static final Pattern OUT_OF_RANGE =
      Pattern.compile("value \"(.*)\" is out of range for type (.+)$");
  private static final Pattern FIELD_RANGE =
      Pattern.compile("(?:value out of range|field value out of range): \"(.*)\"$");
  private static final Pattern MISMATCH_PAIRS =
      Pattern.compile(
          "(?:is of type (.+?) but expression is of type (.+?)$)"
              + "|(?:types (.+?) and (.+?) cannot be matched)"
              + "|(?:must be type (.+?), not type (.+?)$)"
              + "|(?:cannot cast type (.+?) to (.+?)$)");
  private static final Pattern GROUPING =
      Pattern.compile("column \"((?:[^\"]|\"\")+)\" must appear in the GROUP BY");
  private static final Pattern SELECT_LIST_POSITION =
      Pattern.compile("(ORDER BY|GROUP BY|DISTINCT ON) position (-?\\d+) is not in select list");
  private static final Pattern NEAR = Pattern.compile("at or near \"((?:[^\"]|\"\")*)\"");
  private static final Pattern PERMISSION =
      Pattern.compile("permission denied for (?:\\w+ )?(\\S+)$");

  @Override
  public DbError translate(SQLException exception) {
    String fallbackMessage = exception.getMessage() == null ? "" : exception.getMessage();
    try {
      return classify(exception);
    } catch (RuntimeException unexpected) {
      // Never fail the caller because a message looked unusual: keep what the database said.
      return DbError.builder(ErrorCategory.OTHER, fallbackMessage)
          .sqlState(exception.getSQLState())
          .vendorCode(exception.getErrorCode())
          .build();
    }
  }

  private DbError classify(SQLException exception) {
    ServerMessage server = ServerMessage.of(exception);
    String state = server.sqlState();
    ErrorCategory category = BY_STATE.get(state);
    if (category == null) {
      category = state.startsWith("08") ? ErrorCategory.CONNECTION : ErrorCategory.OTHER;
    }
    String message =
        server.message().isEmpty() && exception.getMessage() != null
            ? exception.getMessage()
            : server.message();
    if (state.equals("42P10") && message.replace('-', ' ').contains("ON CONFLICT")) {
      // the write-only form; translations keep the keywords ("ON-CONFLICT-Angabe")
      category = ErrorCategory.OTHER;
    }
    DbError.Builder builder =
        DbError.builder(category, message)
            .sqlState(exception.getSQLState() == null ? "" : exception.getSQLState())
            .vendorCode(exception.getErrorCode())
            .detail(server.detail())
            .serverHint(server.hint())
            .position(server.position());
    return extract(category, message, builder);
  }

  private DbError extract(ErrorCategory category, String message, DbError.Builder builder) {
    switch (category) {
      case UNDEFINED_COLUMN -> {
        Matcher m = COLUMN.matcher(message);
        if (m.find()) {
          builder.identifier(m.group(1) != null ? unquote(m.group(1)) : m.group(2));
        } else {
          builder.identifier(firstQuoted(message));
        }
      }
      case UNDEFINED_TABLE, AMBIGUOUS_COLUMN, PERMISSION_DENIED -> {
        String quoted = firstQuoted(message);
        if (quoted == null && category == ErrorCategory.PERMISSION_DENIED) {
          Matcher m = PERMISSION.matcher(message);
          quoted = m.find() ? m.group(1) : null;
        }
        builder.identifier(quoted);
      }
      case UNDEFINED_FUNCTION -> {
        return undefinedFunction(message, builder);
      }
      case TYPE_MISMATCH -> {
        Matcher function = FUNCTION.matcher(message);
        if (function.find()) {
          builder.identifier(functionName(function.group(1))).types(splitTypes(function.group(2)));
        } else {
          Matcher m = MISMATCH_PAIRS.matcher(message);
          if (m.find()) {
            builder.types(nonNullGroups(m));
          }
          builder.identifier(firstQuoted(message));
        }
      }
      case INVALID_LITERAL -> {
        Matcher input = INPUT_SYNTAX.matcher(message);
        Matcher range = OUT_OF_RANGE.matcher(message);
        Matcher field = FIELD_RANGE.matcher(message);
        if (input.find()) {
          builder.identifier(input.group(2)).types(List.of(input.group(1)));
        } else if (range.find()) {
          builder.identifier(range.group(1)).types(List.of(range.group(2)));
        } else if (field.find()) {
          builder.identifier(field.group(1));
        } else {
          builder.identifier(firstQuoted(message));
        }
      }
      case GROUPING_ERROR -> {
        Matcher m = GROUPING.matcher(message);
        Matcher position = SELECT_LIST_POSITION.matcher(message);
        if (m.find()) {
          builder.identifier(unquote(m.group(1)));
        } else if (position.find()) {
          builder.identifier(position.group(1) + " " + position.group(2));
        }
      }
      case SYNTAX_ERROR -> {
        Matcher m = NEAR.matcher(message);
        if (m.find()) {
          builder.identifier(unquote(m.group(1)));
        }
      }
      default -> {
        // nothing more to extract
      }
    }
    return builder.build();
  }

  private DbError undefinedFunction(String message, DbError.Builder builder) {
    Matcher operator = OPERATOR.matcher(message);
    if (operator.find()) {
      String expression = operator.group(1).trim();
      for (String op : operatorsLongestFirst()) {
        int at = expression.indexOf(" " + op + " ");
        if (at > 0) {
          List<String> types =
              List.of(
                  expression.substring(0, at).trim(),
                  expression.substring(at + op.length() + 2).trim());
          builder.identifier(SQL_SPELLING.getOrDefault(op, op)).types(types);
          return builder.build().withCategory(ErrorCategory.TYPE_MISMATCH);
        }
      }
      // unary or unknown operator: "- text", "integer === integer"
      String[] parts = expression.split(" ");
      if (parts.length == 3) {
        builder.identifier(parts[1]).types(List.of(parts[0], parts[2]));
      } else if (parts.length >= 2) {
        builder.identifier(parts[0]).types(List.of(expression.substring(parts[0].length()).trim()));
      }
      return builder.build();
    }
    Matcher function = FUNCTION.matcher(message);
    if (function.find()) {
      return builder
          .identifier(functionName(function.group(1)))
          .types(splitTypes(function.group(2)))
          .build();
    }
    Matcher type = TYPE_NAMED.matcher(message);
    if (type.find()) {
      return builder.identifier(type.group(1)).build();
    }
    return builder.identifier(firstQuoted(message)).build();
  }

  private static List<String> operatorsLongestFirst() {
    return TYPED_OPERATORS.stream()
        .sorted((a, b) -> b.length() != a.length() ? b.length() - a.length() : a.compareTo(b))
        .toList();
  }

  /** {@code double precision, integer} → [double precision, integer]; respects parentheses. */
  static List<String> splitTypes(String arguments) {
    List<String> types = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : arguments.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      }
      if (c == ',' && depth == 0) {
        types.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank()) {
      types.add(current.toString().trim());
    }
    return types;
  }

  private static List<String> nonNullGroups(Matcher m) {
    List<String> groups = new ArrayList<>();
    for (int i = 1; i <= m.groupCount(); i++) {
      if (m.group(i) != null) {
        groups.add(m.group(i).trim());
      }
    }
    return groups;
  }

  /**
   * The function as the statement wrote it: PostgreSQL prefixes built-ins like EXTRACT with
   * pg_catalog.
   */
  private static String functionName(String reported) {
    return reported.startsWith("pg_catalog.")
        ? reported.substring("pg_catalog.".length())
        : reported;
  }

  private static String firstQuoted(String message) {
    Matcher m = QUOTED.matcher(message);
    return m.find() ? unquote(m.group(1)) : null;
  }

  private static String unquote(String quoted) {
    return quoted.replace("\"\"", "\"");
  }
}
