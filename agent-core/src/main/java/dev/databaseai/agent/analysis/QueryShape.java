package dev.databaseai.agent.analysis;

import dev.databaseai.agent.guard.SqlParsing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Distinct;
import net.sf.jsqlparser.statement.select.GroupByElement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * What a failing statement refers to: its tables and aliases, qualified columns, GROUP BY items,
 * WHERE conditions that call aggregates, divisors, nested aggregates, and each SELECT's list with
 * its DISTINCT, ORDER BY and GROUP BY. Read with JSqlParser; when the parser cannot read the
 * statement, tables and aliases come from a plain scan of {@code FROM} and {@code JOIN} clauses.
 */
final class QueryShape {

  /** A table as the statement names it, and the alias it gives it (empty when none). */
  record TableRef(String name, String alias) {}

  /** A select-list item: its expression as JSqlParser prints it, and its alias (or empty). */
  record Item(String expression, String alias) {
    String text() {
      return alias.isEmpty() ? expression : expression + " AS " + alias;
    }
  }

  /** An ORDER BY element: the expression and what follows it ({@code " DESC NULLS LAST"}). */
  record Ordering(String expression, String modifiers) {
    String text() {
      return expression + modifiers;
    }

    boolean descending() {
      return modifiers.toUpperCase(Locale.ROOT).contains("DESC");
    }
  }

  /**
   * One SELECT as the select-list rules see it: DISTINCT (and its ON expressions), the select list,
   * ORDER BY and GROUP BY. For a set operation ({@code UNION …}) the list is its first SELECT's and
   * the ORDER BY is the one that sorts the whole result.
   */
  record SelectBlock(
      boolean distinct,
      List<String> distinctOn,
      List<Item> items,
      List<Ordering> orderBy,
      List<String> groupBy) {
    SelectBlock {
      distinctOn = List.copyOf(distinctOn);
      items = List.copyOf(items);
      orderBy = List.copyOf(orderBy);
      groupBy = List.copyOf(groupBy);
    }

    /** Whether the list holds {@code *} or {@code t.*}, so its length is unknown. */
    boolean hasStar() {
      return items.stream().anyMatch(i -> i.expression().endsWith("*"));
    }
  }

  static final Set<String> AGGREGATES =
      Set.of(
          "sum",
          "avg",
          "count",
          "min",
          "max",
          "string_agg",
          "group_concat",
          "array_agg",
          "bool_and",
          "bool_or",
          "stddev",
          "variance",
          "json_agg",
          "jsonb_agg");

  private static final Pattern FROM_JOIN =
      Pattern.compile(
          "(?i)\\b(?:from|join)\\s+([`\"\\[]?[\\w$]+[`\"\\]]?(?:\\.[`\"\\[]?[\\w$]+[`\"\\]]?)?)"
              + "(?:\\s+(?:as\\s+)?([A-Za-z_][\\w$]*))?");
  private static final Set<String> NOT_ALIASES =
      Set.of(
          "where",
          "join",
          "left",
          "right",
          "inner",
          "outer",
          "full",
          "cross",
          "on",
          "using",
          "group",
          "order",
          "limit",
          "having",
          "union",
          "natural",
          "window",
          "offset",
          "fetch",
          "for",
          "lateral",
          "with",
          "straight_join",
          "intersect",
          "except",
          "into",
          "lock",
          "as");

  final boolean parsed;
  final List<TableRef> tables;
  final List<String> qualifiedColumns; // "q.col" as written, in order of appearance
  final List<String> groupBy;
  final List<String> whereAggregateConditions;
  final List<String> otherWhereConditions;
  final List<String> divisors;
  final List<String> nestedAggregates;
  final List<String> nonAggregatedSelectItems;
  final Map<String, List<String>>
      derivedColumns; // CTE or subquery alias (lower-case) -> output column names
  final List<SelectBlock> selects; // outermost first

  private QueryShape(
      boolean parsed,
      List<TableRef> tables,
      List<String> qualifiedColumns,
      List<String> groupBy,
      List<String> whereAggregateConditions,
      List<String> otherWhereConditions,
      List<String> divisors,
      List<String> nestedAggregates,
      List<String> nonAggregatedSelectItems,
      Map<String, List<String>> derivedColumns,
      List<SelectBlock> selects) {
    this.parsed = parsed;
    this.tables = List.copyOf(tables);
    this.qualifiedColumns = List.copyOf(qualifiedColumns);
    this.groupBy = List.copyOf(groupBy);
    this.whereAggregateConditions = List.copyOf(whereAggregateConditions);
    this.otherWhereConditions = List.copyOf(otherWhereConditions);
    this.divisors = List.copyOf(divisors);
    this.nestedAggregates = List.copyOf(nestedAggregates);
    this.nonAggregatedSelectItems = List.copyOf(nonAggregatedSelectItems);
    this.derivedColumns = Map.copyOf(derivedColumns);
    this.selects = List.copyOf(selects);
  }

  static QueryShape of(String sql) {
    if (sql == null || sql.isBlank()) {
      return new QueryShape(
          false, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
          List.of(), Map.of(), List.of());
    }
    try {
      if (!balancedParentheses(sql)) {
        // JSqlParser backtracks for seconds on unbalanced parentheses: scan instead.
        throw new IllegalArgumentException("unbalanced parentheses");
      }
      Statement statement = SqlParsing.parse(stripTrailingSemicolon(sql));
      Collector collector = new Collector();
      collector.getTables(statement);
      List<TableRef> tables = new ArrayList<>(collector.tables.values());
      for (TableRef scanned : scanTables(sql)) {
        if (tables.stream().noneMatch(t -> t.name().equalsIgnoreCase(scanned.name()))) {
          tables.add(scanned);
        }
      }
      return new QueryShape(
          true,
          tables,
          new ArrayList<>(collector.columns),
          collector.groupBy,
          collector.whereAggregates,
          collector.otherWhere,
          collector.divisors,
          collector.nested,
          collector.plainItems,
          collector.derived,
          collector.selects);
    } catch (Exception | StackOverflowError e) {
      return new QueryShape(
          false,
          scanTables(sql),
          scanQualifiedColumns(sql),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          List.of(),
          Map.of(),
          List.of());
    }
  }

  /**
   * The table an alias (or a table name used as qualifier) stands for, as written in the statement.
   */
  Optional<String> resolve(String qualifier) {
    for (TableRef ref : tables) {
      if (ref.alias().equalsIgnoreCase(qualifier)) {
        return Optional.of(ref.name());
      }
    }
    for (TableRef ref : tables) {
      if (ref.name().equalsIgnoreCase(qualifier)
          || lastPart(ref.name()).equalsIgnoreCase(qualifier)) {
        return Optional.of(ref.name());
      }
    }
    return Optional.empty();
  }

  /** The alias written for a table, or its name when it has none. */
  String qualifierFor(String tableName) {
    for (TableRef ref : tables) {
      if (lastPart(ref.name()).equalsIgnoreCase(lastPart(tableName))) {
        return ref.alias().isEmpty() ? lastPart(ref.name()) : ref.alias();
      }
    }
    return lastPart(tableName);
  }

  /** The columns written as {@code qualifier.name} for this qualifier. */
  List<String> columnsQualifiedBy(String qualifier) {
    Set<String> names = new LinkedHashSet<>();
    for (String qualified : qualifiedColumns) {
      int dot = qualified.lastIndexOf('.');
      if (dot > 0 && qualified.substring(0, dot).equalsIgnoreCase(qualifier)) {
        names.add(qualified.substring(dot + 1));
      }
    }
    return List.copyOf(names);
  }

  static String lastPart(String name) {
    String clean = unquote(name);
    int dot = clean.lastIndexOf('.');
    return dot >= 0 ? clean.substring(dot + 1) : clean;
  }

  static String unquote(String name) {
    return name.replace("`", "").replace("\"", "").replace("[", "").replace("]", "");
  }

  private static String stripTrailingSemicolon(String sql) {
    String trimmed = sql.trim();
    while (trimmed.endsWith(";")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1).trim();
    }
    return trimmed;
  }

  static List<TableRef> scanTables(String sql) {
    List<TableRef> refs = new ArrayList<>();
    Matcher m = FROM_JOIN.matcher(sql);
    while (m.find()) {
      String name = unquote(m.group(1));
      String alias = m.group(2) == null ? "" : m.group(2);
      if (NOT_ALIASES.contains(alias.toLowerCase(Locale.ROOT))) {
        alias = "";
      }
      if (name.equalsIgnoreCase("select") || name.equalsIgnoreCase("lateral")) {
        continue;
      }
      refs.add(new TableRef(name, alias));
    }
    return refs;
  }

  static List<String> scanQualifiedColumns(String sql) {
    if (sql == null) {
      return List.of();
    }
    List<String> columns = new ArrayList<>();
    Matcher m =
        Pattern.compile("(?<![\\w.'])([A-Za-z_][\\w$]*)\\.([A-Za-z_][\\w$]*)\\b(?!\\s*\\()")
            .matcher(sql);
    while (m.find()) {
      columns.add(m.group(1) + "." + m.group(2));
    }
    return columns;
  }

  /** Walks the whole tree (subqueries too) with JSqlParser's own visitor. */
  private static final class Collector extends TablesNamesFinder<Void> {
    final Map<String, TableRef> tables = new LinkedHashMap<>();
    final Set<String> columns = new LinkedHashSet<>();
    final List<String> groupBy = new ArrayList<>();
    final List<String> whereAggregates = new ArrayList<>();
    final List<String> otherWhere = new ArrayList<>();
    final List<String> divisors = new ArrayList<>();
    final List<String> nested = new ArrayList<>();
    final List<String> plainItems = new ArrayList<>();
    final Map<String, List<String>> derived = new LinkedHashMap<>();
    final List<SelectBlock> selects = new ArrayList<>();
    private boolean outermost = true;

    Collector() {
      init(true);
    }

    @Override
    public <S> Void visit(Table table, S context) {
      String name = table.getFullyQualifiedName();
      if (name != null && !name.isBlank()) {
        String alias = table.getAlias() == null ? "" : unquote(table.getAlias().getName());
        tables.putIfAbsent(
            (unquote(name) + "|" + alias).toLowerCase(Locale.ROOT),
            new TableRef(unquote(name), alias));
      }
      return super.visit(table, context);
    }

    @Override
    public <S> Void visit(WithItem<?> item, S context) {
      if (item.getAliasName() != null && item.getSelect() != null) {
        derived.put(
            unquote(item.getAliasName()).toLowerCase(Locale.ROOT), outputColumns(item.getSelect()));
      }
      return super.visit(item, context);
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
      if (select.getAlias() != null && select.getAlias().getName() != null) {
        derived.put(
            unquote(select.getAlias().getName()).toLowerCase(Locale.ROOT), outputColumns(select));
      }
      return super.visit(select, context);
    }

    private static List<String> outputColumns(Select select) {
      List<String> names = new ArrayList<>();
      PlainSelect plain;
      try {
        plain = select.getPlainSelect();
      } catch (RuntimeException e) {
        return names;
      }
      if (plain == null || plain.getSelectItems() == null) {
        return names;
      }
      for (SelectItem<?> item : plain.getSelectItems()) {
        if (item.getAlias() != null) {
          names.add(unquote(item.getAlias().getName()));
        } else if (item.getExpression() instanceof Column column) {
          names.add(unquote(column.getColumnName()));
        }
      }
      return names;
    }

    @Override
    public <S> Void visit(Column column, S context) {
      if (column.getTable() != null && column.getTable().getName() != null) {
        columns.add(unquote(column.getTable().getName()) + "." + unquote(column.getColumnName()));
      }
      return super.visit(column, context);
    }

    @Override
    public <S> Void visit(Division division, S context) {
      divisors.add(division.getRightExpression().toString());
      return super.visit(division, context);
    }

    @Override
    public <S> Void visit(Function function, S context) {
      if (isAggregate(function) && function.getParameters() != null) {
        for (Expression parameter : function.getParameters()) {
          if (containsAggregate(parameter.toString())) {
            nested.add(function.toString());
          }
        }
      }
      return super.visit(function, context);
    }

    @Override
    public <S> Void visit(SetOperationList list, S context) {
      if (list.getSelects() != null && !list.getSelects().isEmpty()) {
        PlainSelect first = firstPlain(list.getSelects().get(0));
        selects.add(
            new SelectBlock(
                false,
                List.of(),
                first == null ? List.of() : items(first.getSelectItems()),
                orderings(list.getOrderByElements()),
                List.of()));
      }
      return super.visit(list, context);
    }

    private static PlainSelect firstPlain(Select select) {
      if (select instanceof PlainSelect plain) {
        return plain;
      }
      if (select instanceof SetOperationList list && !list.getSelects().isEmpty()) {
        return firstPlain(list.getSelects().get(0));
      }
      if (select instanceof ParenthesedSelect parenthesed && parenthesed.getSelect() != null) {
        return firstPlain(parenthesed.getSelect());
      }
      return null;
    }

    private static List<Item> items(List<? extends SelectItem<?>> selectItems) {
      List<Item> items = new ArrayList<>();
      if (selectItems != null) {
        for (SelectItem<?> item : selectItems) {
          String alias =
              item.getAlias() == null || item.getAlias().getName() == null
                  ? ""
                  : unquote(item.getAlias().getName());
          items.add(new Item(String.valueOf(item.getExpression()), alias));
        }
      }
      return items;
    }

    private static List<Ordering> orderings(List<OrderByElement> elements) {
      List<Ordering> orderings = new ArrayList<>();
      if (elements != null) {
        for (OrderByElement element : elements) {
          String modifiers =
              (element.isAscDescPresent() ? (element.isAsc() ? " ASC" : " DESC") : "")
                  + (element.getNullOrdering() == null
                      ? ""
                      : " " + element.getNullOrdering().name().replace('_', ' '));
          orderings.add(new Ordering(String.valueOf(element.getExpression()), modifiers));
        }
      }
      return orderings;
    }

    private static SelectBlock block(PlainSelect select) {
      Distinct distinct = select.getDistinct();
      List<String> on = new ArrayList<>();
      if (distinct != null && distinct.getOnSelectItems() != null) {
        for (SelectItem<?> item : distinct.getOnSelectItems()) {
          on.add(String.valueOf(item.getExpression()));
        }
      }
      List<String> group = new ArrayList<>();
      GroupByElement groupBy = select.getGroupBy();
      if (groupBy != null && groupBy.getGroupByExpressionList() != null) {
        for (Object expression : groupBy.getGroupByExpressionList()) {
          group.add(expression.toString());
        }
      }
      return new SelectBlock(
          distinct != null,
          on,
          items(select.getSelectItems()),
          orderings(select.getOrderByElements()),
          group);
    }

    @Override
    public <S> Void visit(PlainSelect select, S context) {
      selects.add(block(select));
      if (outermost && select.getSelectItems() != null) {
        outermost = false;
        for (Object item : select.getSelectItems()) {
          String text = item.toString();
          if (!text.contains("*")
              && !containsAggregate(text)
              && !text.toUpperCase(Locale.ROOT).contains("SELECT")) {
            plainItems.add(text.replaceAll("(?i)\\s+AS\\s+\\w+$", ""));
          }
        }
      }
      GroupByElement group = select.getGroupBy();
      if (group != null && group.getGroupByExpressionList() != null) {
        for (Object expression : group.getGroupByExpressionList()) {
          groupBy.add(expression.toString());
        }
      }
      if (select.getWhere() != null) {
        for (Expression conjunct : conjuncts(select.getWhere())) {
          (containsAggregate(conjunct.toString())
                      && !conjunct.toString().toUpperCase(Locale.ROOT).contains("SELECT")
                  ? whereAggregates
                  : otherWhere)
              .add(conjunct.toString());
        }
      }
      return super.visit(select, context);
    }

    private static List<Expression> conjuncts(Expression expression) {
      List<Expression> result = new ArrayList<>();
      if (expression instanceof AndExpression and) {
        result.addAll(conjuncts(and.getLeftExpression()));
        result.addAll(conjuncts(and.getRightExpression()));
      } else {
        result.add(expression);
      }
      return result;
    }

    private static boolean isAggregate(Function function) {
      return function.getName() != null
          && AGGREGATES.contains(function.getName().toLowerCase(Locale.ROOT));
    }
  }

  static boolean balancedParentheses(String sql) {
    int depth = 0;
    boolean inString = false;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'') {
        inString = !inString;
      } else if (!inString && (c == '(' || c == ')')) {
        depth += c == '(' ? 1 : -1;
        if (depth < 0) {
          return false;
        }
      }
    }
    return depth == 0 && !inString;
  }

  static boolean containsAggregate(String text) {
    return Pattern.compile(
            "(?i)\\b(SUM|AVG|COUNT|MIN|MAX|STRING_AGG|GROUP_CONCAT|ARRAY_AGG)\\s*\\(")
        .matcher(text)
        .find();
  }
}
