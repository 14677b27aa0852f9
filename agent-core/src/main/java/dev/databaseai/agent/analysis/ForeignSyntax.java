package dev.databaseai.agent.analysis;

import dev.databaseai.dialect.SqlSyntax;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Constructs from other dialects that make a statement unparseable here ({@code TOP n}, {@code
 * [name]}, backticks, {@code ::type}, {@code ILIKE}, {@code FILTER (WHERE …)} …), each with the
 * native rewrite written through the dialect's {@link SqlSyntax}. Which family the dialect belongs
 * to is read from its quoting: backticks mean MySQL-like, anything else ANSI-like. Stateless.
 */
final class ForeignSyntax {

  /** A foreign construct at {@code offset} (0-based) and its rewrite. */
  record Construct(int offset, String suggestion, String remedy) {}

  private ForeignSyntax() {}

  /**
   * Every foreign construct in {@code sql} outside string literals.
   *
   * @param tableName the real spelling of a table name (for quoting suggestions), or the name
   *     itself
   */
  static List<Construct> find(String sql, SqlSyntax syntax, Function<String, String> tableName) {
    List<Construct> found = new ArrayList<>();
    boolean backtickDialect = syntax.quoteIdentifier("x").startsWith("`");
    add(
        found,
        sql,
        "(?i)\\bTOP\\s+\\(?(\\d+)\\)?",
        m ->
            new Construct(
                m.start(),
                syntax.limitClause(Integer.parseInt(m.group(1))),
                "TOP n is SQL Server syntax: remove it and end the query with "
                    + syntax.limitClause(Integer.parseInt(m.group(1)))));
    add(
        found,
        sql,
        "\\[([A-Za-z_][\\w ]*)\\]",
        m ->
            new Construct(
                m.start(),
                syntax.quoteIdentifier(m.group(1)),
                "[name] is SQL Server quoting: write " + syntax.quoteIdentifier(m.group(1))));
    add(
        found,
        sql,
        "(?i)\\bWITH\\s*\\(\\s*NOLOCK\\s*\\)",
        m ->
            new Construct(
                m.start(),
                "remove WITH (NOLOCK)",
                "WITH (NOLOCK) is a SQL Server table hint: remove it"));
    add(
        found,
        sql,
        "(?i)\\bCONVERT\\s*\\(\\s*(\\w+(?:\\(\\d+\\))?)\\s*,\\s*([^)]+)\\)",
        m ->
            new Construct(
                m.start(),
                syntax.cast(m.group(2).trim(), m.group(1)),
                "CONVERT(type, value) is SQL Server syntax: write "
                    + syntax.cast(m.group(2).trim(), m.group(1))));
    if (!backtickDialect) {
      add(
          found,
          sql,
          "`([^`]+)`",
          m ->
              new Construct(
                  m.start(),
                  syntax.quoteIdentifier(m.group(1)),
                  "backticks are MySQL quoting: write "
                      + syntax.quoteIdentifier(m.group(1))
                      + " or the bare name"));
      add(
          found,
          sql,
          "(?i)\\bINTERVAL\\s+(\\d+)\\s+(SECOND|MINUTE|HOUR|DAY|WEEK|MONTH|YEAR)S?\\b",
          m -> {
            String unit = m.group(2).toLowerCase(Locale.ROOT) + (m.group(1).equals("1") ? "" : "s");
            String interval = "INTERVAL '" + m.group(1) + " " + unit + "'";
            return new Construct(
                m.start(),
                interval,
                "the interval needs a quoted quantity and unit: "
                    + interval
                    + (sql.toUpperCase(Locale.ROOT).contains("DATE_SUB")
                        ? " (e.g. NOW() - " + interval + " instead of DATE_SUB)"
                        : ""));
          });
      add(
          found,
          sql,
          "(?i)\\bLIMIT\\s+(\\d+)\\s*,\\s*(\\d+)",
          m ->
              new Construct(
                  m.start(),
                  "LIMIT " + m.group(2) + " OFFSET " + m.group(1),
                  "LIMIT offset, count is MySQL syntax: write LIMIT "
                      + m.group(2)
                      + " OFFSET "
                      + m.group(1)));
    } else {
      add(
          found,
          sql,
          "(\\w+(?:\\([^()]*\\))?|'[^']*')\\s*::\\s*(\\w+)",
          m -> {
            String cast = syntax.cast(m.group(1), m.group(2));
            return new Construct(m.start(), cast, "expr::type is PostgreSQL syntax: write " + cast);
          });
      add(
          found,
          sql,
          "(?i)(\\S+)\\s+(NOT\\s+)?ILIKE\\s+('[^']*')",
          m -> {
            String rewrite =
                "LOWER("
                    + m.group(1)
                    + ") "
                    + (m.group(2) == null ? "" : "NOT ")
                    + "LIKE LOWER("
                    + m.group(3)
                    + ")";
            return new Construct(
                m.start(),
                rewrite,
                "ILIKE is PostgreSQL only: write "
                    + rewrite
                    + " (LIKE is already case-insensitive under the default collation)");
          });
      add(
          found,
          sql,
          "(?i)\\bINTERVAL\\s+'\\s*(\\d+)\\s+([A-Za-z]+?)s?\\s*'",
          m -> {
            String interval = "INTERVAL " + m.group(1) + " " + m.group(2).toUpperCase(Locale.ROOT);
            return new Construct(
                m.start(),
                interval,
                "write the interval unquoted with a singular unit: " + interval);
          });
      add(
          found,
          sql,
          "(?i)\\bDISTINCT\\s+ON\\s*\\(([^)]*)\\)",
          m ->
              new Construct(
                  m.start(),
                  "ROW_NUMBER() OVER (PARTITION BY " + m.group(1) + " ORDER BY …)",
                  "DISTINCT ON is PostgreSQL only: number the"
                      + " rows with ROW_NUMBER() OVER (PARTITION BY "
                      + m.group(1)
                      + " ORDER BY …) in a subquery and keep rn = 1"));
      add(
          found,
          sql,
          "(?i)\\b(COUNT|SUM)\\s*\\(([^()]*)\\)\\s*FILTER\\s*\\(\\s*WHERE\\s+([^()]+)\\)",
          m -> {
            String rewrite =
                "SUM(CASE WHEN "
                    + m.group(3).trim()
                    + " THEN "
                    + (m.group(1).equalsIgnoreCase("COUNT") ? "1" : m.group(2))
                    + " ELSE 0 END)";
            return new Construct(
                m.start(), rewrite, "FILTER (WHERE …) is not supported: write " + rewrite);
          });
      add(
          found,
          sql,
          "(?i)([\\w.]+)\\s+(?:ASC\\s+|DESC\\s+)?NULLS\\s+(LAST|FIRST)",
          m -> {
            String rewrite =
                "ORDER BY "
                    + m.group(1)
                    + (m.group(2).equalsIgnoreCase("LAST") ? " IS NULL, " : " IS NOT NULL, ")
                    + m.group(1);
            return new Construct(
                m.start(),
                rewrite,
                "NULLS "
                    + m.group(2).toUpperCase(Locale.ROOT)
                    + " is not supported: sort on the null test first, "
                    + rewrite);
          });
      add(
          found,
          sql,
          "(?i)\\bEXTRACT\\s*\\(\\s*EPOCH\\s+FROM\\s+([^)]+)\\)",
          m ->
              new Construct(
                  m.start(),
                  "UNIX_TIMESTAMP(" + m.group(1).trim() + ")",
                  "EXTRACT(EPOCH FROM …) is PostgreSQL only: write UNIX_TIMESTAMP("
                      + m.group(1).trim()
                      + ")"));
      add(
          found,
          sql,
          "(?i)([\\w.]+)\\s+IS\\s+(NOT\\s+)?DISTINCT\\s+FROM\\s+([\\w.']+)",
          m -> {
            String rewrite =
                (m.group(2) == null ? "NOT (" : "(") + m.group(1) + " <=> " + m.group(3) + ")";
            return new Construct(
                m.start(),
                rewrite,
                "IS DISTINCT FROM is not supported: use the null-safe <=>, " + rewrite);
          });
      add(
          found,
          sql,
          "(?i)\\bFULL\\s+(OUTER\\s+)?JOIN\\b",
          m ->
              new Construct(
                  m.start(),
                  "LEFT JOIN … UNION … RIGHT JOIN",
                  "FULL OUTER JOIN is not supported: combine a LEFT JOIN and a RIGHT JOIN with UNION"));
      add(
          found,
          sql,
          "(?i)\\bCAST\\s*\\(\\s*(.+?)\\s+AS\\s+(TEXT|VARCHAR|NUMERIC|BOOLEAN|BOOL|TIMESTAMP|INTEGER|INT|BIGINT"
              + "|DOUBLE PRECISION|REAL)\\s*\\)",
          m -> {
            String cast = syntax.cast(m.group(1), m.group(2));
            return new Construct(
                m.start(),
                cast,
                "CAST to "
                    + m.group(2).toUpperCase(Locale.ROOT)
                    + " is not supported"
                    + " here: write "
                    + cast);
          });
      add(
          found,
          sql,
          "\"([A-Za-z_][\\w]*)\"",
          m -> {
            String name = tableName.apply(m.group(1));
            return new Construct(
                m.start(),
                syntax.quoteIdentifier(name),
                "double quotes are for strings here; quote"
                    + " identifiers with backticks: "
                    + syntax.quoteIdentifier(name));
          });
    }
    return found;
  }

  /** The construct nearest to the error offset; the error usually points at or just after it. */
  static Optional<Construct> nearest(List<Construct> found, int offset) {
    Construct best = null;
    for (Construct c : found) {
      if (best == null
          || (offset >= 0 && distance(c.offset(), offset) < distance(best.offset(), offset))) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int distance(int constructOffset, int errorOffset) {
    int d = errorOffset - constructOffset;
    return d >= 0 ? d : -d * 3;
  }

  private static void add(
      List<Construct> found, String sql, String regex, Function<Matcher, Construct> build) {
    Matcher m = Pattern.compile(regex).matcher(sql);
    while (m.find()) {
      if (!insideStringLiteral(sql, m.start())) {
        found.add(build.apply(m));
      }
    }
  }

  private static boolean insideStringLiteral(String sql, int offset) {
    int quotes = 0;
    for (int i = 0; i < offset && i < sql.length(); i++) {
      if (sql.charAt(i) == '\'') {
        quotes++;
      }
    }
    return quotes % 2 == 1;
  }
}
