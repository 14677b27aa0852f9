package dev.databaseai.server.cli;

import java.math.BigDecimal;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Execution accuracy: whether the rows of an answer equal the rows of the gold query. Column order
 * and names are free (a column matches by its values); row order matters only when the gold SQL
 * orders its result; numbers are equal within a relative tolerance and regardless of type ({@code
 * 2}, {@code 2.0} and {@code "2.00"} are equal, as are {@code true} and {@code 1}); dates and
 * timestamps compare by their ISO text. Immutable and thread-safe.
 */
public final class ResultComparator {

  /** The verdict and, when the results differ, why. */
  public record Comparison(boolean matches, String reason) {

    static Comparison match() {
      return new Comparison(true, "");
    }

    static Comparison mismatch(String reason) {
      return new Comparison(false, reason);
    }
  }

  /** Relative tolerance 1e-6: equal to six significant digits. */
  public static final double DEFAULT_TOLERANCE = 1e-6;

  private static final int MAX_MAPPINGS = 5000;
  private static final int MAX_GREEDY_ROWS = 3000;
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern ISO_TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?");

  private final double tolerance;

  /** A comparator with {@link #DEFAULT_TOLERANCE}. */
  public ResultComparator() {
    this(DEFAULT_TOLERANCE);
  }

  /**
   * @param tolerance the relative difference under which two numbers are equal (absolute below 1)
   * @throws IllegalArgumentException when negative or not finite
   */
  public ResultComparator(double tolerance) {
    if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
      throw new IllegalArgumentException(
          "tolerance must be a finite number >= 0, was " + tolerance);
    }
    this.tolerance = tolerance;
  }

  /**
   * Compares an answer with the gold result.
   *
   * @param ordered whether row order must match (use {@link #ordersRows(String)} on the gold SQL)
   */
  public Comparison compare(ResultTable expected, ResultTable actual, boolean ordered) {
    int columns = expected.columns().size();
    if (actual.columns().size() != columns) {
      return Comparison.mismatch(
          "expected "
              + columns
              + " column"
              + plural(columns)
              + " "
              + expected.columnNames()
              + ", got "
              + actual.columns().size()
              + " "
              + actual.columnNames());
    }
    if (expected.rows().size() != actual.rows().size()) {
      return Comparison.mismatch(
          "expected "
              + expected.rows().size()
              + " row"
              + plural(expected.rows().size())
              + ", got "
              + actual.rows().size());
    }
    Object[][] want = canonical(expected.rows(), columns);
    Object[][] got = canonical(actual.rows(), columns);
    List<List<Integer>> candidates = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      List<Integer> fits = new ArrayList<>();
      Object[] wantColumn = sortedColumn(want, i);
      for (int j = 0; j < columns; j++) {
        if (sameValues(wantColumn, sortedColumn(got, j))) {
          fits.add(j);
        }
      }
      if (fits.isEmpty()) {
        return Comparison.mismatch(
            "no column of the answer has the values of expected column '"
                + expected.columns().get(i).name()
                + "'");
      }
      candidates.add(fits);
    }
    int[] twin = twins(got, columns);
    int[] mapping = new int[columns];
    boolean[] used = new boolean[columns];
    int[] tried = {0};
    if (assign(0, candidates, twin, mapping, used, want, got, ordered, tried)) {
      return Comparison.match();
    }
    if (ordered
        && assign(
            0,
            candidates,
            twin,
            new int[columns],
            new boolean[columns],
            want,
            got,
            false,
            new int[] {0})) {
      return Comparison.mismatch(
          "the same rows in a different order (the gold SQL orders its rows)");
    }
    return Comparison.mismatch(
        "every column has the expected values, but they are combined into different rows");
  }

  /**
   * Whether {@code sql} orders its final result: an {@code ORDER BY} outside parentheses (so not
   * one inside a subquery, a CTE or a window's {@code OVER (…)}), ignoring strings and comments.
   */
  public static boolean ordersRows(String sql) {
    String text = stripLiteralsAndComments(sql).toLowerCase(Locale.ROOT);
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth = Math.max(0, depth - 1);
      } else if (depth == 0
          && text.startsWith("order", i)
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
          && text.substring(i + 5).matches("(?s)\\s+by\\b.*")) {
        return true;
      }
    }
    return false;
  }

  /**
   * For each column of {@code rows}, the first column with exactly the same values row by row: such
   * twins are interchangeable, so the mapping search tries only one of them.
   */
  private static int[] twins(Object[][] rows, int columns) {
    int[] twin = new int[columns];
    for (int j = 0; j < columns; j++) {
      twin[j] = j;
      for (int k = 0; k < j && twin[j] == j; k++) {
        boolean same = true;
        for (int r = 0; r < rows.length && same; r++) {
          same = java.util.Objects.equals(rows[r][j], rows[r][k]);
        }
        if (same) {
          twin[j] = twin[k];
        }
      }
    }
    return twin;
  }

  private boolean assign(
      int column,
      List<List<Integer>> candidates,
      int[] twin,
      int[] mapping,
      boolean[] used,
      Object[][] want,
      Object[][] got,
      boolean ordered,
      int[] tried) {
    if (++tried[0] > MAX_MAPPINGS) {
      return false;
    }
    if (column == mapping.length) {
      return rowsMatch(want, permute(got, mapping), ordered);
    }
    for (int j : candidates.get(column)) {
      if (used[j] || !firstUnusedTwin(j, twin, used)) {
        continue;
      }
      used[j] = true;
      mapping[column] = j;
      if (assign(column + 1, candidates, twin, mapping, used, want, got, ordered, tried)) {
        return true;
      }
      used[j] = false;
    }
    return false;
  }

  private static boolean firstUnusedTwin(int j, int[] twin, boolean[] used) {
    for (int k = 0; k < j; k++) {
      if (twin[k] == twin[j] && !used[k]) {
        return false;
      }
    }
    return true;
  }

  private boolean rowsMatch(Object[][] want, Object[][] got, boolean ordered) {
    if (ordered) {
      for (int r = 0; r < want.length; r++) {
        if (!sameRow(want[r], got[r])) {
          return false;
        }
      }
      return true;
    }
    Object[][] a = want.clone();
    Object[][] b = got.clone();
    Arrays.sort(a, ResultComparator::compareRows);
    Arrays.sort(b, ResultComparator::compareRows);
    boolean sortedEqual = true;
    for (int r = 0; r < a.length && sortedEqual; r++) {
      sortedEqual = sameRow(a[r], b[r]);
    }
    if (sortedEqual || a.length > MAX_GREEDY_ROWS) {
      return sortedEqual;
    }
    // Numbers within tolerance can sort differently on each side; pair rows one by one instead.
    boolean[] taken = new boolean[b.length];
    for (Object[] row : a) {
      int found = -1;
      for (int k = 0; k < b.length && found < 0; k++) {
        if (!taken[k] && sameRow(row, b[k])) {
          found = k;
        }
      }
      if (found < 0) {
        return false;
      }
      taken[found] = true;
    }
    return true;
  }

  private boolean sameRow(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      if (!sameValue(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  private boolean sameValues(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      if (!sameValue(a[i], b[i])) {
        return false;
      }
    }
    return true;
  }

  private boolean sameValue(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      if (x.compareTo(y) == 0) {
        return true;
      }
      double dx = x.doubleValue();
      double dy = y.doubleValue();
      double scale = Math.max(1.0, Math.max(Math.abs(dx), Math.abs(dy)));
      return Math.abs(dx - dy) <= tolerance * scale;
    }
    return a.equals(b);
  }

  private static Object[] sortedColumn(Object[][] rows, int column) {
    Object[] values = new Object[rows.length];
    for (int r = 0; r < rows.length; r++) {
      values[r] = rows[r][column];
    }
    Arrays.sort(values, ResultComparator::compareValues);
    return values;
  }

  private static Object[][] permute(Object[][] rows, int[] mapping) {
    Object[][] out = new Object[rows.length][];
    for (int r = 0; r < rows.length; r++) {
      Object[] row = new Object[mapping.length];
      for (int i = 0; i < mapping.length; i++) {
        row[i] = rows[r][mapping[i]];
      }
      out[r] = row;
    }
    return out;
  }

  private static int compareRows(Object[] a, Object[] b) {
    for (int i = 0; i < a.length; i++) {
      int c = compareValues(a[i], b[i]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Nulls first, then numbers by value, then text. */
  private static int compareValues(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    boolean na = a instanceof BigDecimal;
    boolean nb = b instanceof BigDecimal;
    if (na && nb) {
      return ((BigDecimal) a).compareTo((BigDecimal) b);
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return Comparator.<String>naturalOrder().compare((String) a, (String) b);
  }

  private static Object[][] canonical(List<List<Object>> rows, int columns) {
    Object[][] out = new Object[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      List<Object> row = rows.get(r);
      Object[] values = new Object[columns];
      for (int i = 0; i < columns; i++) {
        values[i] = i < row.size() ? canonical(row.get(i)) : null;
      }
      out[r] = values;
    }
    return out;
  }

  /** null, a BigDecimal for anything numeric (booleans as 1/0), else normalised text. */
  static Object canonical(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof Number n) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return String.valueOf(d);
      }
      return value instanceof Double || value instanceof Float
          ? BigDecimal.valueOf(d)
          : new BigDecimal(n.toString());
    }
    String text =
        value instanceof java.util.Date || value instanceof TemporalAccessor
            ? value.toString()
            : String.valueOf(value);
    String trimmed = text.strip();
    if (NUMBER.matcher(trimmed).matches()) {
      return new BigDecimal(trimmed);
    }
    if ("true".equalsIgnoreCase(trimmed) || "t".equals(trimmed)) {
      return BigDecimal.ONE;
    }
    if ("false".equalsIgnoreCase(trimmed) || "f".equals(trimmed)) {
      return BigDecimal.ZERO;
    }
    if (ISO_TIMESTAMP.matcher(trimmed).lookingAt()) {
      // 2026-10-01T10:00 / 2026-10-01 10:00:00.0 → 2026-10-01 10:00:00
      String t =
          trimmed
              .replace('T', ' ')
              .replaceFirst("(\\.\\d*?)0+(?=$|[Z+-])", "$1")
              .replaceFirst("\\.(?=$|[Z+-])", "");
      if (t.length() == 16) {
        t = t + ":00";
      }
      return t;
    }
    return text;
  }

  private static String plural(long n) {
    return n == 1 ? "" : "s";
  }

  private static String stripLiteralsAndComments(String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
      } else if (c == '/' && sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? sql.length() : end + 2;
        out.append(' ');
      } else if (c == '\'' || c == '"' || c == '`') {
        int end = i + 1;
        while (end < sql.length()) {
          if (sql.charAt(end) == c) {
            if (end + 1 < sql.length() && sql.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        out.append(" x ");
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
