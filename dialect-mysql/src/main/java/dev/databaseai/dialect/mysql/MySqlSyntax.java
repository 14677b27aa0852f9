package dev.databaseai.dialect.mysql;

import dev.databaseai.dialect.SqlSyntax;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL surface shared by MySQL 8 and MariaDB: backtick quoting, {@code CAST(x AS type)} with the
 * cast targets both servers accept, {@code LIMIT n}, and the native forms of functions models
 * borrow from PostgreSQL, SQL Server, Oracle and SQLite. Immutable and thread-safe.
 */
public final class MySqlSyntax implements SqlSyntax {

  private static final Pattern TYPE = Pattern.compile("\\s*([A-Za-z ]+?)\\s*(\\(.*\\))?\\s*");

  /**
   * Type names from other dialects (and MySQL column types that are not cast targets) mapped to a
   * cast target both MySQL 8 and MariaDB accept. {@code null} keeps the length/precision given.
   */
  private static final Map<String, String> CAST_TARGETS =
      Map.ofEntries(
          Map.entry("int", "SIGNED"),
          Map.entry("integer", "SIGNED"),
          Map.entry("int4", "SIGNED"),
          Map.entry("int8", "SIGNED"),
          Map.entry("bigint", "SIGNED"),
          Map.entry("smallint", "SIGNED"),
          Map.entry("tinyint", "SIGNED"),
          Map.entry("mediumint", "SIGNED"),
          Map.entry("signed", "SIGNED"),
          Map.entry("signed integer", "SIGNED"),
          Map.entry("unsigned", "UNSIGNED"),
          Map.entry("unsigned integer", "UNSIGNED"),
          Map.entry("boolean", "SIGNED"),
          Map.entry("bool", "SIGNED"),
          Map.entry("numeric", "DECIMAL"),
          Map.entry("decimal", "DECIMAL"),
          Map.entry("number", "DECIMAL"),
          Map.entry("money", "DECIMAL(19,4)"),
          Map.entry("real", "DOUBLE"),
          Map.entry("float", "DOUBLE"),
          Map.entry("float4", "DOUBLE"),
          Map.entry("float8", "DOUBLE"),
          Map.entry("double", "DOUBLE"),
          Map.entry("double precision", "DOUBLE"),
          Map.entry("text", "CHAR"),
          Map.entry("string", "CHAR"),
          Map.entry("varchar", "CHAR"),
          Map.entry("character varying", "CHAR"),
          Map.entry("nvarchar", "CHAR"),
          Map.entry("char", "CHAR"),
          Map.entry("character", "CHAR"),
          Map.entry("nchar", "CHAR"),
          Map.entry("varchar2", "CHAR"),
          Map.entry("date", "DATE"),
          Map.entry("datetime", "DATETIME"),
          Map.entry("timestamp", "DATETIME"),
          Map.entry("timestamptz", "DATETIME"),
          Map.entry("timestamp without time zone", "DATETIME"),
          Map.entry("timestamp with time zone", "DATETIME"),
          Map.entry("datetime2", "DATETIME"),
          Map.entry("time", "TIME"),
          Map.entry("binary", "BINARY"),
          Map.entry("bytea", "BINARY"),
          Map.entry("varbinary", "BINARY"),
          Map.entry("blob", "BINARY"));

  private static final List<String> NOTES =
      List.of(
          "This is MySQL/MariaDB: quote identifiers with backticks (`order`), never double quotes.",
          "Limit rows with LIMIT n (optionally LIMIT n OFFSET m); there is no TOP n and no FETCH FIRST.",
          "Cast with CAST(x AS SIGNED|UNSIGNED|DECIMAL(p,s)|CHAR|DATE|DATETIME|TIME|DOUBLE); there is no :: cast and no CAST(x AS INTEGER/TEXT/BOOLEAN) in every version.",
          "LIKE is case-insensitive under the default collations; there is no ILIKE.",
          "Dates: CURDATE(), NOW(), DATE(x), YEAR(x), MONTH(x), DATE_FORMAT(x, '%Y-%m'), DATEDIFF(a, b) in days, TIMESTAMPDIFF(unit, a, b), DATE_ADD(x, INTERVAL n DAY); there is no DATE_TRUNC or TO_CHAR in MySQL.",
          "Concatenate with CONCAT(a, b) (|| is logical OR by default) and aggregate strings with GROUP_CONCAT(x ORDER BY y SEPARATOR ', ').",
          "There is no FULL OUTER JOIN (use a LEFT JOIN UNION a RIGHT JOIN) and no aggregate FILTER (WHERE ...) (use SUM(CASE WHEN ... THEN 1 ELSE 0 END)).",
          "Booleans are integers: SUM(flag) counts true values, and comparisons return 1 or 0.",
          "x / 0 returns NULL rather than failing; write a / NULLIF(b, 0) to make that explicit.");

  private static final Map<String, FunctionEquivalent> EQUIVALENTS = buildEquivalents();

  @Override
  public String quoteIdentifier(String identifier) {
    Objects.requireNonNull(identifier, "identifier");
    return '`' + identifier.replace("`", "``") + '`';
  }

  /**
   * {@code CAST(expression AS target)} where {@code type} is mapped to a target MySQL and MariaDB
   * accept: {@code integer}/{@code bigint} → {@code SIGNED}, {@code text}/{@code varchar(n)} →
   * {@code CHAR}/{@code CHAR(n)}, {@code numeric(p,s)} → {@code DECIMAL(p,s)}, {@code timestamp} →
   * {@code DATETIME}. Unknown names are passed through upper-cased.
   *
   * @throws IllegalArgumentException when {@code type} is blank
   */
  @Override
  public String cast(String expression, String type) {
    Objects.requireNonNull(expression, "expression");
    if (type == null || type.isBlank()) {
      throw new IllegalArgumentException(
          "cast type must not be blank; use a MySQL cast target such as SIGNED, DECIMAL(10,2), CHAR, DATE or DATETIME");
    }
    return "CAST(" + expression + " AS " + castTarget(type) + ")";
  }

  /**
   * The MySQL/MariaDB cast target for a type name from any dialect, e.g. {@code SIGNED} for {@code
   * integer}.
   */
  public String castTarget(String type) {
    Matcher m = TYPE.matcher(type);
    if (!m.matches()) {
      return type.trim().toUpperCase(Locale.ROOT);
    }
    String name = m.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    String args = m.group(2) == null ? "" : m.group(2).replace(" ", "");
    String target = CAST_TARGETS.get(name);
    if (target == null) {
      return type.trim().toUpperCase(Locale.ROOT);
    }
    boolean keepsArgs =
        target.equals("DECIMAL") || target.equals("CHAR") || target.equals("BINARY");
    return keepsArgs ? target + args : target;
  }

  /**
   * {@code LIMIT rows}.
   *
   * @throws IllegalArgumentException when {@code rows} is not positive
   */
  @Override
  public String limitClause(int rows) {
    if (rows <= 0) {
      throw new IllegalArgumentException("row limit must be positive, was " + rows);
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
    if (key.endsWith("()")) {
      key = key.substring(0, key.length() - 2);
    }
    return Optional.ofNullable(EQUIVALENTS.get(key));
  }

  /** Every foreign name this table knows, upper-case, for documentation and tests. */
  public List<FunctionEquivalent> equivalents() {
    return List.copyOf(EQUIVALENTS.values());
  }

  private static Map<String, FunctionEquivalent> buildEquivalents() {
    Map<String, FunctionEquivalent> map = new LinkedHashMap<>();
    add(
        map,
        "TO_CHAR",
        "DATE_FORMAT(d, '%Y-%m-%d')",
        "Format dates with DATE_FORMAT using % specifiers (%Y year, %m month, %d day, %H hour, %i minute); numbers with FORMAT(x, 2).");
    add(
        map,
        "STRING_AGG",
        "GROUP_CONCAT(x ORDER BY x SEPARATOR ', ')",
        "Aggregate strings with GROUP_CONCAT(x SEPARATOR ', ') instead of STRING_AGG(x, ', ').");
    add(
        map,
        "LISTAGG",
        "GROUP_CONCAT(x ORDER BY x SEPARATOR ', ')",
        "Aggregate strings with GROUP_CONCAT(x SEPARATOR ', ').");
    add(
        map,
        "ARRAY_AGG",
        "GROUP_CONCAT(x)",
        "There are no arrays: aggregate with GROUP_CONCAT(x) or JSON_ARRAYAGG(x).");
    add(
        map,
        "DATE_TRUNC",
        "DATE_FORMAT(d, '%Y-%m-01')",
        "Truncate dates with DATE(d) for the day, DATE_FORMAT(d, '%Y-%m-01') for the month, MAKEDATE(YEAR(d), 1) for the year.");
    add(
        map,
        "ILIKE",
        "LOWER(a) LIKE LOWER(b)",
        "LIKE is already case-insensitive under the default collations; write a LIKE b, or LOWER(a) LIKE LOWER(b) to be sure.");
    add(
        map,
        "::",
        "CAST(x AS SIGNED)",
        "Replace x::type with CAST(x AS type) using a MySQL cast target: SIGNED, DECIMAL(p,s), CHAR, DATE, DATETIME.");
    add(map, "NVL", "IFNULL(a, b)", "Use IFNULL(a, b) or COALESCE(a, b).");
    add(
        map,
        "ISNULL",
        "IFNULL(a, b)",
        "MySQL's ISNULL(x) takes one argument and tests for NULL; for a default value use IFNULL(a, b) or COALESCE(a, b).");
    add(
        map,
        "NVL2",
        "IF(a IS NOT NULL, b, c)",
        "Use IF(a IS NOT NULL, b, c) or CASE WHEN a IS NOT NULL THEN b ELSE c END.");
    add(
        map,
        "LEN",
        "CHAR_LENGTH(s)",
        "Use CHAR_LENGTH(s) for characters (LENGTH(s) counts bytes).");
    add(map, "DATALENGTH", "LENGTH(s)", "Use LENGTH(s) for the size in bytes.");
    add(map, "GETDATE", "NOW()", "Use NOW() for the current date and time, CURDATE() for today.");
    add(
        map,
        "SYSDATETIME",
        "NOW(6)",
        "Use NOW(6) for the current date and time with microseconds.");
    add(
        map,
        "GETUTCDATE",
        "UTC_TIMESTAMP()",
        "Use UTC_TIMESTAMP() for the current UTC date and time.");
    add(map, "TODAY", "CURDATE()", "Use CURDATE() for today's date.");
    add(
        map,
        "AGE",
        "TIMESTAMPDIFF(YEAR, birth, CURDATE())",
        "Compute intervals with TIMESTAMPDIFF(unit, start, end), e.g. TIMESTAMPDIFF(YEAR, birth_date, CURDATE()).");
    add(
        map,
        "DATEADD",
        "DATE_ADD(d, INTERVAL n DAY)",
        "Add intervals with DATE_ADD(d, INTERVAL n DAY|MONTH|YEAR) or d + INTERVAL n DAY.");
    add(
        map,
        "ADD_MONTHS",
        "DATE_ADD(d, INTERVAL n MONTH)",
        "Add months with DATE_ADD(d, INTERVAL n MONTH).");
    add(
        map,
        "DATEPART",
        "EXTRACT(unit FROM d)",
        "Use EXTRACT(YEAR FROM d) or YEAR(d), MONTH(d), DAY(d), HOUR(d).");
    add(
        map,
        "DATE_PART",
        "EXTRACT(unit FROM d)",
        "Use EXTRACT(YEAR FROM d) or YEAR(d), MONTH(d), DAY(d), HOUR(d).");
    add(
        map,
        "DATENAME",
        "DATE_FORMAT(d, '%W')",
        "Use MONTHNAME(d), DAYNAME(d) or DATE_FORMAT(d, '%M').");
    add(map, "EOMONTH", "LAST_DAY(d)", "Use LAST_DAY(d) for the last day of the month.");
    add(
        map,
        "STRFTIME",
        "DATE_FORMAT(d, '%Y-%m-%d')",
        "Replace strftime('%Y-%m', d) with DATE_FORMAT(d, '%Y-%m'); minutes are %i, not %M.");
    add(
        map,
        "JULIANDAY",
        "TO_DAYS(d)",
        "Use DATEDIFF(a, b) for days between dates, or TO_DAYS(d).");
    add(
        map,
        "TO_DATE",
        "STR_TO_DATE(s, '%Y-%m-%d')",
        "Parse dates with STR_TO_DATE(s, '%Y-%m-%d').");
    add(
        map,
        "TO_TIMESTAMP",
        "STR_TO_DATE(s, '%Y-%m-%d %H:%i:%s')",
        "Parse timestamps with STR_TO_DATE(s, '%Y-%m-%d %H:%i:%s'); FROM_UNIXTIME(n) for epoch seconds.");
    add(
        map,
        "TO_NUMBER",
        "CAST(s AS DECIMAL(20,6))",
        "Convert text to numbers with CAST(s AS DECIMAL(p,s)) or CAST(s AS SIGNED).");
    add(
        map,
        "TOP",
        "LIMIT n",
        "Replace SELECT TOP n … with SELECT … LIMIT n at the end of the query.");
    add(map, "FETCH", "LIMIT n", "Replace FETCH FIRST n ROWS ONLY with LIMIT n.");
    add(map, "IIF", "IF(cond, a, b)", "Use IF(cond, a, b) or CASE WHEN cond THEN a ELSE b END.");
    add(
        map,
        "DECODE",
        "CASE x WHEN v THEN r ELSE d END",
        "Use CASE x WHEN v1 THEN r1 … ELSE d END.");
    add(
        map,
        "DIVIDE",
        "a / NULLIF(b, 0)",
        "Divide with a / NULLIF(b, 0); MySQL has no DIVIDE function and x / 0 is NULL.");
    add(map, "SAFE_DIVIDE", "a / NULLIF(b, 0)", "Divide with a / NULLIF(b, 0).");
    add(
        map,
        "CHARINDEX",
        "LOCATE(needle, haystack)",
        "Use LOCATE(needle, haystack) or INSTR(haystack, needle) (note the argument order).");
    add(
        map,
        "STRPOS",
        "LOCATE(needle, haystack)",
        "Use LOCATE(needle, haystack) or INSTR(haystack, needle).");
    add(
        map,
        "SPLIT_PART",
        "SUBSTRING_INDEX(SUBSTRING_INDEX(s, delim, n), delim, -1)",
        "Take the n-th part with SUBSTRING_INDEX(SUBSTRING_INDEX(s, delim, n), delim, -1).");
    add(map, "BTRIM", "TRIM(s)", "Use TRIM(s) or TRIM(BOTH 'x' FROM s).");
    add(
        map,
        "REGEXP_MATCHES",
        "s REGEXP 'pattern'",
        "Match with s REGEXP 'pattern' or REGEXP_SUBSTR(s, 'pattern').");
    add(
        map,
        "GENERATE_SERIES",
        "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 10) SELECT n FROM seq",
        "Generate rows with a recursive CTE: WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 10).");
    add(map, "RANDOM", "RAND()", "Use RAND(), e.g. ORDER BY RAND().");
    add(map, "NEWID", "UUID()", "Use UUID() for a new identifier, RAND() for random order.");
    add(
        map,
        "TRUNC",
        "TRUNCATE(x, 0)",
        "Use TRUNCATE(x, d) for numbers, DATE(d) to truncate a datetime to its day.");
    add(map, "SQUARE", "POW(x, 2)", "Use POW(x, 2).");
    add(map, "STDEV", "STDDEV_SAMP(x)", "Use STDDEV_SAMP(x) (sample) or STDDEV_POP(x).");
    add(map, "VAR", "VAR_SAMP(x)", "Use VAR_SAMP(x) (sample) or VAR_POP(x).");
    add(
        map,
        "MEDIAN",
        "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) OVER ()",
        "MySQL has no MEDIAN: rank with ROW_NUMBER() OVER (ORDER BY x) and pick the middle row (MariaDB: PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) OVER ()).");
    add(
        map,
        "FULL OUTER JOIN",
        "a LEFT JOIN b … UNION a RIGHT JOIN b …",
        "There is no FULL OUTER JOIN: UNION a LEFT JOIN with a RIGHT JOIN.");
    add(
        map,
        "FULL JOIN",
        "a LEFT JOIN b … UNION a RIGHT JOIN b …",
        "There is no FULL JOIN: UNION a LEFT JOIN with a RIGHT JOIN.");
    add(
        map,
        "FILTER",
        "SUM(CASE WHEN cond THEN 1 ELSE 0 END)",
        "Replace COUNT(*) FILTER (WHERE cond) with SUM(CASE WHEN cond THEN 1 ELSE 0 END), or SUM(cond).");
    add(
        map,
        "\"",
        "`identifier`",
        "Quote identifiers with backticks: `order`, not \"order\" (double quotes make a string).");
    add(map, "[", "`identifier`", "Quote identifiers with backticks: `order`, not [order].");
    add(
        map,
        "||",
        "CONCAT(a, b)",
        "Concatenate with CONCAT(a, b); || means OR unless PIPES_AS_CONCAT is set.");
    add(
        map,
        "BOOL_AND",
        "MIN(cond)",
        "Use MIN(cond) (all true) or MAX(cond) (any true); booleans are 0/1.");
    add(map, "BOOL_OR", "MAX(cond)", "Use MAX(cond) for 'any true'; booleans are 0/1.");
    add(map, "EVERY", "MIN(cond)", "Use MIN(cond) for 'all true'; booleans are 0/1.");
    add(
        map,
        "COUNTIF",
        "SUM(cond)",
        "Count matching rows with SUM(cond) or SUM(CASE WHEN cond THEN 1 ELSE 0 END).");
    add(map, "EPOCH", "UNIX_TIMESTAMP(d)", "Use UNIX_TIMESTAMP(d) for seconds since 1970.");
    add(
        map,
        "MONTHS_BETWEEN",
        "TIMESTAMPDIFF(MONTH, a, b)",
        "Use TIMESTAMPDIFF(MONTH, start, end).");
    add(
        map,
        "DATE_DIFF",
        "DATEDIFF(end, start)",
        "Use DATEDIFF(end, start) for days, TIMESTAMPDIFF(unit, start, end) for other units.");
    add(
        map,
        "INITCAP",
        "CONCAT(UPPER(LEFT(s, 1)), LOWER(SUBSTRING(s, 2)))",
        "There is no INITCAP: capitalise with CONCAT(UPPER(LEFT(s, 1)), LOWER(SUBSTRING(s, 2))).");
    add(
        map,
        "DATEDIFF",
        "TIMESTAMPDIFF(DAY, start, end)",
        "MySQL's DATEDIFF(end, start) takes two dates and counts days; for T-SQL's DATEDIFF(unit, start, end) use TIMESTAMPDIFF(unit, start, end).");
    add(
        map,
        "CONVERT",
        "CAST(x AS type)",
        "T-SQL's CONVERT(type, x) is CAST(x AS type) here (MySQL's CONVERT takes the value first: CONVERT(x, CHAR)).");
    add(
        map,
        "TRY_CAST",
        "CAST(x AS type)",
        "Use CAST(x AS type); an unreadable value becomes NULL or 0 with a warning.");
    add(
        map,
        "TRY_CONVERT",
        "CAST(x AS type)",
        "Use CAST(x AS type); an unreadable value becomes NULL or 0 with a warning.");
    add(map, "REPLICATE", "REPEAT(s, n)", "Use REPEAT(s, n).");
    add(
        map,
        "STUFF",
        "INSERT(s, pos, len, new)",
        "Use INSERT(s, pos, len, new) to replace part of a string.");
    add(
        map,
        "PATINDEX",
        "REGEXP_INSTR(s, pattern)",
        "Use REGEXP_INSTR(s, pattern) (a regular expression, not a LIKE pattern) or LOCATE.");
    add(
        map,
        "ISNUMERIC",
        "s REGEXP '^-?[0-9]+(\\\\.[0-9]+)?$'",
        "Test for numbers with s REGEXP '^-?[0-9]+(\\\\.[0-9]+)?$'.");
    add(map, "CHR", "CHAR(n USING utf8mb4)", "Use CHAR(n USING utf8mb4).");
    add(
        map,
        "ARRAY_TO_STRING",
        "GROUP_CONCAT(x SEPARATOR ', ')",
        "There are no arrays: aggregate with GROUP_CONCAT(x SEPARATOR ', ').");
    add(
        map,
        "JSON_AGG",
        "JSON_ARRAYAGG(x)",
        "Use JSON_ARRAYAGG(x), and JSON_OBJECT('k', v) for objects.");
    add(
        map,
        "JSONB_AGG",
        "JSON_ARRAYAGG(x)",
        "Use JSON_ARRAYAGG(x), and JSON_OBJECT('k', v) for objects.");
    add(map, "JSON_BUILD_OBJECT", "JSON_OBJECT('k', v)", "Use JSON_OBJECT('key', value, …).");
    add(
        map,
        "STRING_SPLIT",
        "JSON_TABLE(…) or a recursive CTE with SUBSTRING_INDEX",
        "Split strings with SUBSTRING_INDEX in a recursive CTE, or JSON_TABLE over a JSON array.");
    add(
        map,
        "DATETRUNC",
        "DATE_FORMAT(d, '%Y-%m-01')",
        "Truncate dates with DATE(d) for the day, DATE_FORMAT(d, '%Y-%m-01') for the month.");
    return Collections.unmodifiableMap(map);
  }

  private static void add(
      Map<String, FunctionEquivalent> map, String foreign, String replacement, String note) {
    map.put(foreign, new FunctionEquivalent(foreign, replacement, note));
  }
}
