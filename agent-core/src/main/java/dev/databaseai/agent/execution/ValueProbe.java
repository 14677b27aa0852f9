package dev.databaseai.agent.execution;

import dev.databaseai.agent.guard.SqlParsing;
import dev.databaseai.dialect.SqlSyntax;
import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;

/**
 * Explains an empty result: finds a text column the query filters by a literal ({@code = 'x'},
 * {@code LIKE 'x%'}, {@code IN ('x')}) and reads at most {@code sampleLimit} of its distinct values
 * to name the ones closest to the literal ('offline' vs 'OFFLINE'). Thread-safe.
 */
public final class ValueProbe {

  private static final int NEAREST = 5;

  private final SqlSyntax syntax;
  private final int sampleLimit;

  /**
   * @param syntax quotes identifiers and limits the value query
   * @param sampleLimit the most distinct values read per column
   */
  public ValueProbe(SqlSyntax syntax, int sampleLimit) {
    this.syntax = syntax;
    this.sampleLimit = sampleLimit;
  }

  /** A hint for the first literal filter whose column holds similar but different values. */
  public Optional<ValueHint> probe(Connection connection, String sql, SchemaSnapshot schema)
      throws SQLException {
    PlainSelect select = plainSelect(sql);
    if (select == null || select.getWhere() == null) {
      return Optional.empty();
    }
    Map<String, Table> scope = new HashMap<>();
    List<String> queryTables = new ArrayList<>();
    addToScope(select.getFromItem(), schema, scope, queryTables);
    if (select.getJoins() != null) {
      for (Join join : select.getJoins()) {
        addToScope(join.getFromItem(), schema, scope, queryTables);
      }
    }
    List<Filter> filters = new ArrayList<>();
    collect(select.getWhere(), filters);
    for (Filter filter : filters) {
      Table table = resolve(filter.column, scope);
      if (table == null) {
        continue;
      }
      Optional<Column> column =
          table.column(filter.column.getColumnName().replace("\"", "").replace("`", ""));
      if (column.isEmpty() || !isText(column.get().type())) {
        continue;
      }
      List<String> nearest = nearest(connection, table, column.get(), filter.literal, filter.like);
      if (!nearest.isEmpty()) {
        return Optional.of(
            new ValueHint(
                table.qualifiedName(), column.get().name(), filter.literal, nearest, queryTables));
      }
    }
    return Optional.empty();
  }

  private List<String> nearest(
      Connection connection, Table table, Column column, String literal, boolean like)
      throws SQLException {
    String col = syntax.quoteIdentifier(column.name());
    String from =
        table.schema().isEmpty()
            ? syntax.quoteIdentifier(table.name())
            : syntax.quoteIdentifier(table.schema()) + "." + syntax.quoteIdentifier(table.name());
    String sql =
        "SELECT DISTINCT "
            + col
            + " FROM "
            + from
            + " WHERE "
            + col
            + " IS NOT NULL "
            + syntax.limitClause(sampleLimit);
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      statement.setMaxRows(sampleLimit);
      try (ResultSet rs = statement.executeQuery(sql)) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
    } finally {
      if (!connection.getAutoCommit()) {
        connection.rollback(); // guards may leave auto-commit off: end the read-only transaction
      }
    }
    String target =
        (like ? literal.replace("%", "").replace("_", "") : literal).toLowerCase(Locale.ROOT);
    if (!like && values.contains(literal)) {
      return List.of(); // the value exists: the emptiness comes from elsewhere
    }
    return values.stream()
        .map(v -> Map.entry(v, similarity(target, v.toLowerCase(Locale.ROOT))))
        .filter(e -> e.getValue() >= 0.5)
        .sorted(
            Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue())
                .thenComparing(Map.Entry::getKey))
        .limit(NEAREST)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** 1 for equal, containment scores high, else 1 − normalized edit distance. */
  static double similarity(String a, String b) {
    if (a.equals(b)) {
      return 1;
    }
    if (!a.isEmpty() && (b.contains(a) || a.contains(b))) {
      return 0.9 * Math.min(a.length(), b.length()) / Math.max(a.length(), b.length()) + 0.1;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    int max = Math.max(a.length(), b.length());
    return max == 0 ? 1 : 1 - (double) previous[b.length()] / max;
  }

  private static boolean isText(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return t.contains("char")
        || t.contains("text")
        || t.startsWith("enum")
        || t.contains("string")
        || t.equals("citext")
        || t.equals("name");
  }

  private static PlainSelect plainSelect(String sql) {
    try {
      var statement = SqlParsing.parse(sql);
      Object select = statement;
      while (select instanceof ParenthesedSelect parenthesed) {
        select = parenthesed.getSelect();
      }
      return select instanceof PlainSelect plain ? plain : null;
    } catch (JSQLParserException | RuntimeException e) {
      return null; // dialect syntax the parser does not know: no hint
    }
  }

  private static void addToScope(
      FromItem item, SchemaSnapshot schema, Map<String, Table> scope, List<String> tables) {
    if (item instanceof net.sf.jsqlparser.schema.Table t) {
      String name = t.getFullyQualifiedName().replace("\"", "").replace("`", "");
      schema
          .table(name)
          .or(() -> schema.table(t.getName().replace("\"", "").replace("`", "")))
          .ifPresent(
              table -> {
                tables.add(table.qualifiedName());
                scope.put(table.name().toLowerCase(Locale.ROOT), table);
                if (t.getAlias() != null) {
                  scope.put(
                      t.getAlias()
                          .getName()
                          .replace("\"", "")
                          .replace("`", "")
                          .toLowerCase(Locale.ROOT),
                      table);
                }
              });
    }
  }

  private static Table resolve(net.sf.jsqlparser.schema.Column column, Map<String, Table> scope) {
    if (column.getTable() != null && column.getTable().getName() != null) {
      return scope.get(
          column.getTable().getName().replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT));
    }
    String name = column.getColumnName().replace("\"", "").replace("`", "");
    List<Table> owners =
        scope.values().stream().distinct().filter(t -> t.column(name).isPresent()).toList();
    return owners.size() == 1 ? owners.get(0) : null;
  }

  private record Filter(net.sf.jsqlparser.schema.Column column, String literal, boolean like) {}

  private static void collect(Expression expression, List<Filter> filters) {
    if (expression instanceof Parenthesis p) {
      collect(p.getExpression(), filters);
    } else if (expression instanceof EqualsTo eq) {
      filter(eq.getLeftExpression(), eq.getRightExpression(), false, filters);
      filter(eq.getRightExpression(), eq.getLeftExpression(), false, filters);
    } else if (expression instanceof LikeExpression like) {
      filter(like.getLeftExpression(), like.getRightExpression(), true, filters);
    } else if (expression instanceof InExpression in) {
      if (in.getRightExpression() instanceof ExpressionList<?> list) {
        for (Expression item : list) {
          filter(in.getLeftExpression(), item, false, filters);
        }
      }
    } else if (expression instanceof ExpressionList<?> list && list.size() == 1) {
      collect(list.get(0), filters);
    } else if (expression instanceof BinaryExpression binary) {
      collect(binary.getLeftExpression(), filters);
      collect(binary.getRightExpression(), filters);
    }
  }

  private static void filter(
      Expression left, Expression right, boolean like, List<Filter> filters) {
    if (left instanceof net.sf.jsqlparser.schema.Column column
        && right instanceof StringValue value) {
      filters.add(new Filter(column, value.getValue().replace("''", "'"), like));
    }
  }
}
