package dev.databaseai.agent.prompt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Takes the one SQL statement out of a model's answer: JSON ({@code {"sql": "..."}}), fenced code
 * blocks, or SQL with prose around it. Several statements: the one query among them is taken
 * (others such as {@code SET} are dropped); several different queries are refused, with the reason.
 * Stateless and thread-safe.
 */
public final class SqlExtractor {

  private static final Pattern JSON_SQL =
      Pattern.compile("\"sql\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.DOTALL);
  private static final Pattern FENCE =
      Pattern.compile("```([\\w-]*)[ \\t]*\\R?(.*?)```", Pattern.DOTALL);
  private static final Pattern SQL_START =
      Pattern.compile(
          "(?i)(?<![\\w.])(WITH\\s+(?:RECURSIVE\\s+)?[\\w\"`]+\\s*(?:\\([^)]*\\))?\\s+AS\\s*\\(|SELECT\\s)");
  private static final Pattern QUERY_START =
      Pattern.compile("(?is)^\\s*(\\(\\s*)*(SELECT|WITH|VALUES|TABLE)\\b.*");
  private static final Pattern SQL_CONTINUATION =
      Pattern.compile(
          "(?i)^\\s*(FROM|WHERE|JOIN|LEFT|RIGHT|INNER|OUTER|FULL|CROSS|ON|AND|OR|GROUP|ORDER|HAVING|LIMIT|OFFSET|UNION|"
              + "EXCEPT|INTERSECT|SELECT|WITH|AS|CASE|WHEN|THEN|ELSE|END|FETCH|WINDOW|\\(|\\)|,|--).*");

  /** The statement in {@code answer}, or why there is none. */
  public Extraction extract(String answer) {
    String text = answer == null ? "" : answer.strip();
    if (text.isEmpty()) {
      return Extraction.refused("the model's answer was empty; expected one SQL statement");
    }
    List<String> sources = new ArrayList<>();
    Matcher json = JSON_SQL.matcher(text);
    while (json.find()) {
      sources.add(jsonUnescape(json.group(1)));
    }
    if (sources.isEmpty()) {
      Matcher fence = FENCE.matcher(text);
      List<String> plain = new ArrayList<>();
      while (fence.find()) {
        String lang = fence.group(1).toLowerCase(Locale.ROOT);
        if (lang.isEmpty() || lang.equals("sql") || lang.endsWith("sql")) {
          sources.add(fence.group(2));
        } else {
          plain.add(fence.group(2));
        }
      }
      if (sources.isEmpty()) {
        sources.addAll(plain.stream().filter(p -> QUERY_START.matcher(p).matches()).toList());
      }
    }
    if (sources.isEmpty()) {
      Matcher start = SQL_START.matcher(text);
      if (start.find()) {
        sources.add(trimProse(text.substring(start.start())));
      }
    }
    Map<String, String> queries = new LinkedHashMap<>();
    List<String> others = new ArrayList<>();
    for (String source : sources) {
      for (String statement : split(source)) {
        if (QUERY_START.matcher(statement).matches()) {
          queries.putIfAbsent(
              statement.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT), statement);
        } else {
          others.add(statement);
        }
      }
    }
    if (queries.size() == 1) {
      return Extraction.of(queries.values().iterator().next());
    }
    if (queries.size() > 1) {
      return Extraction.refused(
          "the answer holds "
              + queries.size()
              + " different queries; answer with exactly one statement");
    }
    if (others.size() == 1) {
      return Extraction.of(others.get(0)); // not a query: the guard refuses it with its own reason
    }
    if (others.size() > 1) {
      return Extraction.refused(
          "the answer holds "
              + others.size()
              + " statements and none is a query; answer with one SELECT");
    }
    String shown = text.length() > 80 ? text.substring(0, 80) + "…" : text;
    return Extraction.refused(
        "no SQL statement found in the model's answer: \"" + shown.replace('\n', ' ') + "\"");
  }

  /** Keeps the SQL paragraphs at the start of {@code text} and drops the prose after them. */
  private static String trimProse(String text) {
    String[] lines = text.split("\\R", -1);
    StringBuilder out = new StringBuilder();
    boolean blank = false;
    for (String line : lines) {
      if (line.isBlank()) {
        blank = true;
        continue;
      }
      if (blank && !SQL_CONTINUATION.matcher(line).matches()) {
        break;
      }
      blank = false;
      out.append(line).append('\n');
      if (line.strip().endsWith(";")) {
        break;
      }
    }
    return out.toString();
  }

  /** Splits on semicolons outside quotes and comments; drops empty statements. */
  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        current.append(c);
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        current.append(c);
      } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
        current.append('\n');
      } else if (c == ';') {
        add(statements, current);
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    add(statements, current);
    return statements;
  }

  private static void add(List<String> statements, StringBuilder current) {
    String statement = current.toString().strip();
    if (!statement.isEmpty()) {
      statements.add(statement);
    }
  }

  /** {@code value} escaped for a JSON string literal. */
  static String jsonEscape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }

  static String jsonUnescape(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\\' || i + 1 >= value.length()) {
        out.append(c);
        continue;
      }
      char next = value.charAt(++i);
      switch (next) {
        case 'n' -> out.append('\n');
        case 't' -> out.append('\t');
        case 'r' -> out.append('\r');
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'u' -> {
          if (i + 4 < value.length()) {
            out.append((char) Integer.parseInt(value.substring(i + 1, i + 5), 16));
            i += 4;
          }
        }
        default -> out.append(next);
      }
    }
    return out.toString();
  }
}
