package dev.databaseai.agent.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text helpers for pieces of a statement: calls, arguments and the operands around an operator. */
final class SqlText {

  /** A function call found in the text. */
  record Call(String name, int start, int end, List<String> arguments, String text) {}

  private SqlText() {}

  /**
   * The call of {@code name} nearest to {@code offset} (0-based; -1 for the first one), with its
   * top-level arguments.
   */
  static Optional<Call> findCall(String sql, String name, int offset) {
    Matcher m =
        Pattern.compile("(?i)(?<![\\w$.])(?:[\\w$]+\\.)?" + Pattern.quote(name) + "\\s*\\(")
            .matcher(sql);
    Call best = null;
    while (m.find()) {
      int open = m.end() - 1;
      int close = matchingParen(sql, open);
      if (close < 0) {
        continue;
      }
      Call call =
          new Call(
              name,
              m.start(),
              close + 1,
              splitArguments(sql.substring(open + 1, close)),
              sql.substring(m.start(), close + 1));
      if (best == null
          || (offset >= 0 && Math.abs(m.start() - offset) < Math.abs(best.start() - offset))) {
        best = call;
      }
    }
    return Optional.ofNullable(best);
  }

  static int matchingParen(String sql, int open) {
    int depth = 0;
    boolean inString = false;
    for (int i = open; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        inString = !inString;
      } else if (!inString && c == '(') {
        depth++;
      } else if (!inString && c == ')') {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  static List<String> splitArguments(String inside) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    boolean inString = false;
    int start = 0;
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (c == '\'') {
        inString = !inString;
      } else if (!inString && c == '(') {
        depth++;
      } else if (!inString && c == ')') {
        depth--;
      } else if (!inString && depth == 0 && c == ',') {
        args.add(inside.substring(start, i).trim());
        start = i + 1;
      }
    }
    if (!inside.isBlank()) {
      args.add(inside.substring(start).trim());
    }
    return args;
  }

  /** The operand that ends just before {@code index} (exclusive). */
  static String operandBefore(String sql, int index) {
    int end = index;
    while (end > 0 && Character.isWhitespace(sql.charAt(end - 1))) {
      end--;
    }
    if (end == 0) {
      return "";
    }
    int start = end - 1;
    char last = sql.charAt(start);
    if (last == '\'') {
      start = sql.lastIndexOf('\'', start - 1);
      return start < 0 ? "" : sql.substring(start, end);
    }
    if (last == ')') {
      int depth = 0;
      for (int i = end - 1; i >= 0; i--) {
        if (sql.charAt(i) == ')') {
          depth++;
        } else if (sql.charAt(i) == '(') {
          depth--;
          if (depth == 0) {
            start = i;
            break;
          }
        }
      }
      while (start > 0 && isNameChar(sql.charAt(start - 1))) {
        start--;
      }
      return sql.substring(start, end);
    }
    start = end;
    while (start > 0
        && (isNameChar(sql.charAt(start - 1))
            || sql.charAt(start - 1) == '.'
            || sql.charAt(start - 1) == '"'
            || sql.charAt(start - 1) == '`')) {
      start--;
    }
    return sql.substring(start, end);
  }

  /** The operand that starts at or after {@code index}. */
  static String operandAfter(String sql, int index) {
    int start = index;
    while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
      start++;
    }
    if (start >= sql.length()) {
      return "";
    }
    char first = sql.charAt(start);
    if (first == '\'') {
      int close = sql.indexOf('\'', start + 1);
      return close < 0 ? sql.substring(start) : sql.substring(start, close + 1);
    }
    if (first == '(') {
      int close = matchingParen(sql, start);
      return close < 0 ? sql.substring(start) : sql.substring(start, close + 1);
    }
    int end = start;
    while (end < sql.length()
        && (isNameChar(sql.charAt(end))
            || sql.charAt(end) == '.'
            || sql.charAt(end) == '"'
            || sql.charAt(end) == '`')) {
      end++;
    }
    if (end < sql.length() && sql.charAt(end) == '(') {
      int close = matchingParen(sql, end);
      end = close < 0 ? sql.length() : close + 1;
    }
    return sql.substring(start, end);
  }

  /** The length of the operator at {@code index}. */
  static int operatorLength(String sql, int index) {
    int end = index;
    while (end < sql.length() && "=<>!~+-*/|&^#@%".indexOf(sql.charAt(end)) >= 0) {
      end++;
    }
    if (end == index) {
      Matcher word = Pattern.compile("(?i)(NOT\\s+)?(LIKE|ILIKE|IN|BETWEEN)\\b").matcher(sql);
      if (word.find(index) && word.start() == index) {
        return word.end() - index;
      }
    }
    return end - index;
  }

  static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  static boolean isNumber(String text) {
    return text.matches("-?\\d+(\\.\\d+)?");
  }

  static boolean isStringLiteral(String text) {
    return text.length() >= 2 && text.startsWith("'") && text.endsWith("'");
  }

  /** The 0-based offset of MySQL's {@code near '…'} text in the statement, or -1. */
  static int nearOffset(String sql, String message) {
    Matcher m = Pattern.compile("near '(.*)' at line (\\d+)", Pattern.DOTALL).matcher(message);
    if (!m.find()) {
      return -1;
    }
    String near = m.group(1);
    if (near.isEmpty()) {
      return sql.length();
    }
    String probe = near.length() > 30 ? near.substring(0, 30) : near;
    int at = sql.indexOf(probe);
    return at >= 0 ? at : sql.toLowerCase(Locale.ROOT).indexOf(probe.toLowerCase(Locale.ROOT));
  }
}
