package dev.databaseai.dialect.postgres;

import dev.databaseai.dialect.SqlSyntax;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PostgreSQL's SQL surface: double-quoted identifiers, {@code expr::type} casts, {@code LIMIT n},
 * and the native forms of functions models borrow from MySQL, SQL Server, SQLite and Oracle.
 * Immutable and thread-safe.
 */
public final class PostgresSyntax implements SqlSyntax {

  /**
   * An expression that {@code ::} may follow without parentheses: a name, number or string literal.
   */
  private static final Pattern SIMPLE =
      Pattern.compile(
          "[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)*|\"(?:[^\"]|\"\")+\"(\\.\"(?:[^\"]|\"\")+\")*"
              + "|-?\\d+(\\.\\d+)?|'(?:[^']|'')*'");

  private static final List<String> NOTES =
      List.of(
          "Quote identifiers with double quotes (\"Order\"), never backticks; unquoted names fold to lower case.",
          "Limit rows with LIMIT n (optionally OFFSET m); there is no TOP n.",
          "Cast with expr::type or CAST(expr AS type); ROUND(x, n) needs numeric, so write ROUND(x::numeric, 2).",
          "Match text case-insensitively with ILIKE or lower(a) = lower(b).",
          "Concatenate text with || or concat(); + does not join strings.",
          "Truncate dates with date_trunc('month', ts), take parts with EXTRACT(YEAR FROM ts), and format with to_char(ts, 'YYYY-MM').",
          "Do date arithmetic with intervals: now() - interval '30 days', age(a, b), and date - date gives days as an integer.",
          "Use current_date and now() (not GETDATE(), CURDATE() or SYSDATE).",
          "Replace NULLs with COALESCE(a, b) (not IFNULL, ISNULL or NVL).",
          "Aggregate strings with string_agg(expr, ', ') and count conditionally with COUNT(*) FILTER (WHERE cond).",
          "Booleans are true/false: SUM(boolean) does not exist, use COUNT(*) FILTER (WHERE flag) or SUM(flag::int).",
          "Divide safely with a / NULLIF(b, 0); integer / integer truncates, so cast one side to numeric for fractions.");

  private static final Map<String, FunctionEquivalent> EQUIVALENTS = equivalents();

  @Override
  public String quoteIdentifier(String identifier) {
    Objects.requireNonNull(identifier, "identifier");
    if (identifier.isEmpty()) {
      throw new IllegalArgumentException(
          "identifier must not be empty: PostgreSQL has no zero-length names");
    }
    if (identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "identifier must not contain a NUL character: " + identifier.replace('\0', '?'));
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  @Override
  public String cast(String expression, String type) {
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(type, "type");
    if (type.isBlank()) {
      throw new IllegalArgumentException(
          "type must not be blank; e.g. numeric, integer, date, text");
    }
    String trimmed = expression.trim();
    String operand = SIMPLE.matcher(trimmed).matches() ? trimmed : "(" + trimmed + ")";
    return operand + "::" + type.trim();
  }

  @Override
  public String limitClause(int rows) {
    if (rows <= 0) {
      throw new IllegalArgumentException("rows must be positive, was " + rows);
    }
    return "LIMIT " + rows;
  }

  @Override
  public List<String> promptNotes() {
    return NOTES;
  }

  @Override
  public Optional<FunctionEquivalent> equivalentOf(String foreignName) {
    if (foreignName == null) {
      return Optional.empty();
    }
    String key = foreignName.trim().toUpperCase(Locale.ROOT);
    int paren = key.indexOf('(');
    if (paren > 0) {
      key = key.substring(0, paren).trim();
    }
    return Optional.ofNullable(EQUIVALENTS.get(key));
  }

  /** Every foreign name this dialect knows a native form for, upper-case. */
  public List<String> knownForeignNames() {
    return List.copyOf(EQUIVALENTS.keySet());
  }

  private static Map<String, FunctionEquivalent> equivalents() {
    Map<String, FunctionEquivalent> map = new LinkedHashMap<>();
    String coalesce =
        "PostgreSQL has no %s; write COALESCE(a, b), which returns the first non-null argument.";
    for (String name : List.of("IFNULL", "ISNULL", "NVL", "NVL2", "ZEROIFNULL")) {
      map.put(
          name,
          eq(
              name,
              name.equals("NVL2") ? "CASE WHEN a IS NOT NULL THEN b ELSE c END" : "COALESCE(a, b)",
              name.equals("NVL2")
                  ? "Rewrite NVL2(a, b, c) as CASE WHEN a IS NOT NULL THEN b ELSE c END."
                  : String.format(Locale.ROOT, coalesce, name)));
    }
    map.put(
        "DATEDIFF",
        eq(
            "DATEDIFF",
            "(end_date::date - start_date::date)",
            "Subtract dates: end::date - start::date gives days as an integer; use age(end, start) or EXTRACT(EPOCH FROM end - start) for other units."));
    map.put(
        "TIMESTAMPDIFF",
        eq(
            "TIMESTAMPDIFF",
            "EXTRACT(EPOCH FROM (b - a))",
            "Subtract timestamps and EXTRACT(EPOCH FROM b - a) for seconds, or use age(b, a) and EXTRACT(YEAR/MONTH FROM age(b, a))."));
    map.put(
        "DATE_FORMAT",
        eq(
            "DATE_FORMAT",
            "to_char(ts, 'YYYY-MM-DD')",
            "Format dates with to_char(ts, 'YYYY-MM-DD'); MySQL's %Y-%m-%d becomes YYYY-MM-DD, %H:%i:%s becomes HH24:MI:SS."));
    map.put(
        "STRFTIME",
        eq(
            "STRFTIME",
            "to_char(ts, 'YYYY-MM-DD')",
            "SQLite's strftime('%Y', d) becomes to_char(d, 'YYYY') or EXTRACT(YEAR FROM d)."));
    map.put(
        "FORMAT",
        eq(
            "FORMAT",
            "to_char(ts, 'YYYY-MM-DD')",
            "For dates and numbers use to_char(value, pattern); PostgreSQL's format() is printf-style for strings."));
    map.put(
        "GROUP_CONCAT",
        eq(
            "GROUP_CONCAT",
            "string_agg(expr, ',')",
            "Aggregate strings with string_agg(expr::text, ',' ORDER BY expr)."));
    map.put(
        "LISTAGG",
        eq(
            "LISTAGG",
            "string_agg(expr, ',')",
            "Aggregate strings with string_agg(expr::text, ',')."));
    map.put(
        "LEN", eq("LEN", "length(s)", "Use length(s) (characters) or octet_length(s) (bytes)."));
    map.put("DATALENGTH", eq("DATALENGTH", "octet_length(s)", "Use octet_length(s) for bytes."));
    for (String part :
        List.of("YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "QUARTER", "WEEK")) {
      map.put(
          part,
          eq(
              part,
              "EXTRACT(" + part + " FROM d)",
              "PostgreSQL has no "
                  + part
                  + "() function; write EXTRACT("
                  + part
                  + " FROM d) (cast text to date first: d::date)."));
    }
    map.put(
        "DAYOFWEEK",
        eq(
            "DAYOFWEEK",
            "EXTRACT(DOW FROM d)",
            "Use EXTRACT(DOW FROM d) (0 = Sunday) or EXTRACT(ISODOW FROM d)."));
    map.put("DAYOFMONTH", eq("DAYOFMONTH", "EXTRACT(DAY FROM d)", "Use EXTRACT(DAY FROM d)."));
    map.put("DAYOFYEAR", eq("DAYOFYEAR", "EXTRACT(DOY FROM d)", "Use EXTRACT(DOY FROM d)."));
    map.put(
        "DATEPART",
        eq(
            "DATEPART",
            "EXTRACT(part FROM d)",
            "Use EXTRACT(part FROM d) or date_part('part', d)."));
    map.put(
        "DATENAME",
        eq("DATENAME", "to_char(d, 'Month')", "Use to_char(d, 'Month') or to_char(d, 'Day')."));
    map.put("MONTHNAME", eq("MONTHNAME", "to_char(d, 'Month')", "Use to_char(d, 'FMMonth')."));
    map.put("DAYNAME", eq("DAYNAME", "to_char(d, 'Day')", "Use to_char(d, 'FMDay')."));
    map.put(
        "LAST_DAY",
        eq(
            "LAST_DAY",
            "(date_trunc('month', d) + interval '1 month - 1 day')::date",
            "Use (date_trunc('month', d) + interval '1 month - 1 day')::date."));
    map.put(
        "EOMONTH",
        eq(
            "EOMONTH",
            "(date_trunc('month', d) + interval '1 month - 1 day')::date",
            "Use (date_trunc('month', d) + interval '1 month - 1 day')::date."));
    String nowNote =
        "Use now() (or current_timestamp) for the current time and current_date for today.";
    for (String name :
        List.of(
            "GETDATE",
            "SYSDATE",
            "SYSDATETIME",
            "CURDATE",
            "CURTIME",
            "GETUTCDATE",
            "UTC_TIMESTAMP",
            "UNIX_TIMESTAMP")) {
      String replacement =
          switch (name) {
            case "CURDATE" -> "current_date";
            case "CURTIME" -> "current_time";
            case "GETUTCDATE", "UTC_TIMESTAMP" -> "now() AT TIME ZONE 'UTC'";
            case "UNIX_TIMESTAMP" -> "EXTRACT(EPOCH FROM now())";
            default -> "now()";
          };
      map.put(name, eq(name, replacement, nowNote));
    }
    map.put(
        "IIF",
        eq(
            "IIF",
            "CASE WHEN cond THEN a ELSE b END",
            "Rewrite IIF(cond, a, b) as CASE WHEN cond THEN a ELSE b END."));
    map.put(
        "IF",
        eq(
            "IF",
            "CASE WHEN cond THEN a ELSE b END",
            "Rewrite IF(cond, a, b) as CASE WHEN cond THEN a ELSE b END."));
    map.put(
        "DECODE",
        eq(
            "DECODE",
            "CASE x WHEN v1 THEN r1 ELSE d END",
            "Rewrite Oracle's DECODE as a CASE expression."));
    map.put(
        "DIVIDE",
        eq(
            "DIVIDE",
            "a / NULLIF(b, 0)",
            "Divide with a / NULLIF(b, 0); cast to numeric first (a::numeric / NULLIF(b, 0)) to keep fractions."));
    map.put(
        "SUBSTRING_INDEX",
        eq("SUBSTRING_INDEX", "split_part(s, delimiter, n)", "Use split_part(s, delimiter, n)."));
    map.put(
        "CHARINDEX",
        eq(
            "CHARINDEX",
            "position(needle IN haystack)",
            "Use position(needle IN haystack) or strpos(haystack, needle); note the argument order."));
    map.put(
        "INSTR",
        eq(
            "INSTR",
            "strpos(haystack, needle)",
            "Use strpos(haystack, needle) or position(needle IN haystack)."));
    map.put(
        "LOCATE",
        eq("LOCATE", "position(needle IN haystack)", "Use position(needle IN haystack)."));
    map.put(
        "TOP",
        eq(
            "TOP",
            "LIMIT n",
            "PostgreSQL has no SELECT TOP n; put LIMIT n at the end of the query."));
    for (String name : List.of("DATEADD", "DATE_ADD", "ADDDATE")) {
      map.put(
          name,
          eq(
              name,
              "d + interval '1 day'",
              "Add intervals: d + interval '3 days' or d + make_interval(days => n); for a column count use d + n * interval '1 day'."));
    }
    for (String name : List.of("DATE_SUB", "SUBDATE")) {
      map.put(name, eq(name, "d - interval '1 day'", "Subtract intervals: d - interval '3 days'."));
    }
    map.put("CONVERT", eq("CONVERT", "CAST(x AS type)", "Use CAST(x AS type) or x::type."));
    map.put(
        "TRY_CAST",
        eq(
            "TRY_CAST",
            "CAST(x AS type)",
            "PostgreSQL has no TRY_CAST; filter with a regex first (CASE WHEN x ~ '^\\d+$' THEN x::int END)."));
    map.put("RAND", eq("RAND", "random()", "Use random() (0 <= x < 1)."));
    map.put("NEWID", eq("NEWID", "gen_random_uuid()", "Use gen_random_uuid()."));
    map.put("UUID", eq("UUID", "gen_random_uuid()", "Use gen_random_uuid()."));
    map.put("TRUNCATE", eq("TRUNCATE", "trunc(x, n)", "Truncate numbers with trunc(x, n)."));
    map.put("CEILING", eq("CEILING", "ceil(x)", "ceiling(x) exists; ceil(x) is the same."));
    map.put(
        "SUBSTR",
        eq(
            "SUBSTR",
            "substr(s, start, len)",
            "substr(s, start, len) works; substring(s FROM start FOR len) is the standard form."));
    map.put("MID", eq("MID", "substr(s, start, len)", "Use substr(s, start, len)."));
    map.put("LCASE", eq("LCASE", "lower(s)", "Use lower(s)."));
    map.put("UCASE", eq("UCASE", "upper(s)", "Use upper(s)."));
    map.put("SPACE", eq("SPACE", "repeat(' ', n)", "Use repeat(' ', n)."));
    map.put("REPLICATE", eq("REPLICATE", "repeat(s, n)", "Use repeat(s, n)."));
    map.put(
        "CONCAT_WS",
        eq("CONCAT_WS", "concat_ws(sep, a, b)", "concat_ws exists; || also concatenates."));
    map.put(
        "STR_TO_DATE",
        eq(
            "STR_TO_DATE",
            "to_date(s, 'YYYY-MM-DD')",
            "Parse with to_date(s, 'YYYY-MM-DD') or to_timestamp(s, pattern)."));
    map.put(
        "TO_DAYS", eq("TO_DAYS", "(d::date - date '0001-01-01')", "Subtract dates to count days."));
    map.put(
        "FROM_UNIXTIME",
        eq("FROM_UNIXTIME", "to_timestamp(n)", "Use to_timestamp(epoch_seconds)."));
    map.put(
        "JSON_EXTRACT",
        eq(
            "JSON_EXTRACT",
            "doc -> 'key'",
            "Use doc -> 'key' (json) or doc ->> 'key' (text), or jsonb_path_query."));
    map.put(
        "REGEXP",
        eq(
            "REGEXP",
            "s ~ pattern",
            "Match regular expressions with s ~ pattern (case-insensitive: ~*)."));
    map.put("RLIKE", eq("RLIKE", "s ~ pattern", "Match regular expressions with s ~ pattern."));
    map.put("STDEV", eq("STDEV", "stddev_samp(x)", "Use stddev_samp(x) or stddev_pop(x)."));
    map.put("VAR", eq("VAR", "var_samp(x)", "Use var_samp(x) or var_pop(x)."));
    map.put(
        "MEDIAN",
        eq(
            "MEDIAN",
            "percentile_cont(0.5) WITHIN GROUP (ORDER BY x)",
            "Use percentile_cont(0.5) WITHIN GROUP (ORDER BY x)."));
    map.put("ATN2", eq("ATN2", "atan2(y, x)", "Use atan2(y, x)."));
    map.put("LOG10", eq("LOG10", "log(x)", "log(x) is base 10 in PostgreSQL; ln(x) is natural."));
    map.put(
        "DATETIME",
        eq(
            "DATETIME",
            "timestamp",
            "The type is timestamp (or timestamptz); cast with x::timestamp."));
    map.put(
        "NVARCHAR", eq("NVARCHAR", "varchar", "The type is varchar or text; cast with x::text."));
    map.put("TINYINT", eq("TINYINT", "smallint", "The type is smallint."));
    map.put(
        "SIGNED",
        eq("SIGNED", "integer", "MySQL's CAST(x AS SIGNED) is x::integer (or ::bigint)."));
    map.put(
        "UNSIGNED", eq("UNSIGNED", "bigint", "There are no unsigned types; cast with x::bigint."));
    map.put(
        "BACKTICK",
        eq("BACKTICK", "\"identifier\"", "Quote identifiers with double quotes, never backticks."));
    return Map.copyOf(map);
  }

  private static FunctionEquivalent eq(String foreign, String replacement, String note) {
    return new FunctionEquivalent(foreign, replacement, note);
  }
}
