package dev.databaseai.server.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders rows as an aligned plain-text table (psql style): a header, a rule, numbers
 * right-aligned, long cells cut with an ellipsis, optional ANSI colour. Stateless.
 */
final class TextTable {

  static final int MAX_CELL = 60;

  private TextTable() {}

  /** The table without a trailing newline; {@code colour} adds bold headers and dim NULLs. */
  static String render(ResultTable table, boolean colour) {
    List<String> names = table.columnNames();
    int n = names.size();
    if (n == 0) {
      return "(no columns)";
    }
    List<String[]> cells = new ArrayList<>();
    boolean[] numeric = new boolean[n];
    java.util.Arrays.fill(numeric, !table.rows().isEmpty());
    for (List<Object> row : table.rows()) {
      String[] line = new String[n];
      for (int i = 0; i < n; i++) {
        Object v = i < row.size() ? row.get(i) : null;
        line[i] = v == null ? null : cut(Json.text(v).replace('\n', ' ').replace('\t', ' '));
        numeric[i] &= v == null || v instanceof Number;
      }
      cells.add(line);
    }
    int[] width = new int[n];
    for (int i = 0; i < n; i++) {
      width[i] = names.get(i).length();
      for (String[] line : cells) {
        width[i] = Math.max(width[i], line[i] == null ? 4 : line[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? " " : " | ");
      String head = pad(names.get(i), width[i], false);
      sb.append(colour ? Ansi.BOLD + head + Ansi.RESET : head);
    }
    sb.append('\n');
    for (int i = 0; i < n; i++) {
      sb.append(i == 0 ? "-" : "-+-").append("-".repeat(width[i]));
    }
    sb.append('-');
    for (String[] line : cells) {
      sb.append('\n');
      for (int i = 0; i < n; i++) {
        sb.append(i == 0 ? " " : " | ");
        if (line[i] == null) {
          String nul = pad("NULL", width[i], numeric[i]);
          sb.append(colour ? Ansi.DIM + nul + Ansi.RESET : nul);
        } else {
          sb.append(pad(line[i], width[i], numeric[i]));
        }
      }
    }
    return sb.toString().replaceAll(" +(?=\n|$)", "");
  }

  /** {@code (3 rows, 12 ms)} plus a note when the row cap cut the result. */
  static String footer(ResultTable table) {
    long rows = table.rowCount();
    return "("
        + rows
        + (rows == 1 ? " row" : " rows")
        + ", "
        + table.elapsedMs()
        + " ms"
        + (table.truncated() ? "; truncated at the row limit" : "")
        + ")";
  }

  private static String cut(String s) {
    return s.length() > MAX_CELL ? s.substring(0, MAX_CELL - 1) + "…" : s;
  }

  private static String pad(String s, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - s.length()));
    return right ? fill + s : s + fill;
  }
}
