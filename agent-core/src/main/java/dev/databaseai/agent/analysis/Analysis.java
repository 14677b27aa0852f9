package dev.databaseai.agent.analysis;

import dev.databaseai.agent.analysis.ForeignSyntax.Construct;
import dev.databaseai.dialect.SqlSyntax;
import dev.databaseai.dialect.SqlSyntax.FunctionEquivalent;
import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
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

/** One analysis: the failing statement, its error and the schema; used once, by one thread. */
final class Analysis {

  private static final int MAX_SUGGESTIONS = 5;
  private static final int MAX_COLUMNS_PER_TABLE = 40;
  private static final Set<String> TEXT_TYPES =
      Set.of(
          "text",
          "character varying",
          "varchar",
          "character",
          "char",
          "bpchar",
          "name",
          "citext",
          "unknown");
  private static final Set<String> NUMBER_TYPES =
      Set.of(
          "integer",
          "int",
          "int4",
          "int8",
          "int2",
          "bigint",
          "smallint",
          "numeric",
          "decimal",
          "real",
          "double precision",
          "double",
          "float",
          "float4",
          "float8");
  private static final Set<String> STRING_FUNCTIONS =
      Set.of(
          "length",
          "char_length",
          "upper",
          "lower",
          "substring",
          "substr",
          "left",
          "right",
          "trim",
          "ltrim",
          "rtrim",
          "replace",
          "strpos",
          "position",
          "concat",
          "lpad",
          "rpad",
          "initcap",
          "reverse",
          "split_part",
          "like");
  private static final Set<String> DATE_FUNCTIONS =
      Set.of("extract", "date_part", "date_trunc", "to_char", "age");

  private final String sql;
  private final DbError error;
  private final SchemaSnapshot schema;
  private final SqlSyntax syntax;
  private final String databaseName;
  private final QueryShape shape;
  private final String message;

  private ErrorCategory category;
  private String identifier = "";
  private final List<String> suggestions = new ArrayList<>();
  private String remedy = "";
  private final Set<String> involved = new LinkedHashSet<>();

  Analysis(
      String sql, DbError error, SchemaSnapshot schema, SqlSyntax syntax, String databaseName) {
    this.sql = sql;
    this.error = error;
    this.schema = schema;
    this.syntax = syntax;
    this.databaseName = databaseName;
    this.shape = QueryShape.of(sql);
    this.message = error.message();
    this.category = error.category();
  }

  /** A diagnosis from the error alone, used when the analysis itself failed. */
  static Diagnosis minimal(String sql, DbError error, SchemaSnapshot schema) {
    String hint =
        error.message().isBlank()
            ? "The database reported an error without a message."
            : error.message();
    return new Diagnosis(
        error.category(),
        error.sqlState(),
        error.vendorCode(),
        error.message(),
        error.identifier(),
        List.of(),
        hint,
        List.of());
  }

  Diagnosis run() {
    for (QueryShape.TableRef ref : shape.tables) {
      realTable(ref.name()).ifPresent(t -> involved.add(t.qualifiedName()));
    }
    switch (category) {
      case UNDEFINED_COLUMN -> undefinedColumn();
      case UNDEFINED_TABLE -> undefinedTable();
      case AMBIGUOUS_COLUMN -> ambiguousColumn();
      case UNDEFINED_FUNCTION -> undefinedFunction();
      case TYPE_MISMATCH -> typeMismatch();
      case INVALID_LITERAL -> invalidLiteral();
      case GROUPING_ERROR -> groupingError();
      case DIVISION_BY_ZERO -> divisionByZero();
      case SYNTAX_ERROR -> syntaxError();
      case PERMISSION_DENIED ->
          remedy =
              "The database user lacks a privilege for this statement: query only tables and"
                  + " columns this user may read; do not retry the same statement.";
      case READ_ONLY_VIOLATION ->
          remedy =
              "The connection is read-only: send a single SELECT that reads data;"
                  + " statements that write, lock or change settings are refused.";
      case TIMEOUT ->
          remedy =
              "The statement ran longer than the statement timeout: filter earlier with selective"
                  + " WHERE conditions, join on keys, aggregate before joining, and add a LIMIT.";
      case CONNECTION ->
          remedy =
              "The database connection failed or was lost; this is not a problem of the SQL."
                  + " Retry later or check that the database is reachable.";
      default -> other();
    }
    if (remedy.isBlank()) {
      remedy = message.isBlank() ? "The database reported an error without a message." : message;
    }
    if (!suggestions.isEmpty() && !remedy.contains(suggestions.get(0))) {
      remedy = remedy.trim() + " Suggested: " + suggestions.get(0) + ".";
    }
    return new Diagnosis(
        category,
        error.sqlState(),
        error.vendorCode(),
        message,
        identifier.isBlank() ? error.identifier() : Optional.of(identifier),
        distinct(suggestions),
        hint(),
        queryTables().stream().map(Table::qualifiedName).toList());
  }

  // ----------------------------------------------------------------------------------------
  // columns

  private void undefinedColumn() {
    String written =
        firstNonBlank(
            match("column \"?([^\"\\s]+(?:\\.[^\"\\s]+)?)\"? does not exist"),
            match("Unknown column '([^']+)'"),
            error.identifier().orElse(""),
            nameAtPosition());
    identifier = written;
    if (written.isBlank()) {
      remedy = "A column does not exist. " + message;
      return;
    }
    String qualifier = "";
    String name = written;
    int dot = written.lastIndexOf('.');
    if (dot > 0) {
      qualifier = QueryShape.unquote(written.substring(0, dot));
      name = QueryShape.unquote(written.substring(dot + 1));
      if (qualifier.contains(".")) {
        qualifier = qualifier.substring(qualifier.lastIndexOf('.') + 1);
      }
    }
    if (constructInsteadOfColumn(name)) {
      return;
    }
    if (doubleQuotedLiteral(name, qualifier)) {
      return;
    }
    if (!qualifier.isEmpty() && derivedColumn(qualifier, name)) {
      return;
    }
    if (!qualifier.isEmpty() && shape.resolve(qualifier).isEmpty()) {
      missingFromEntry(qualifier);
      return;
    }
    String lowerMessage = message.toLowerCase(Locale.ROOT);
    List<Table> queryTables = queryTables();
    if (qualifier.isEmpty() && lowerMessage.contains("'having'")) {
      for (Table t : queryTables) {
        if (t.column(name).isPresent()) {
          String condition = havingCondition();
          suggestions.add("WHERE " + (condition.isBlank() ? name + " …" : condition));
          remedy =
              name
                  + " is not in the SELECT list or GROUP BY, so HAVING cannot see it: move that condition"
                  + " into WHERE ("
                  + suggestions.get(0)
                  + ") or add "
                  + name
                  + " to GROUP BY.";
          return;
        }
      }
    }
    rankColumns(qualifier, name, queryTables);
  }

  /** A column of a CTE or subquery alias: rank its output columns. */
  private boolean derivedColumn(String qualifier, String name) {
    List<String> columns = shape.derivedColumns.get(qualifier.toLowerCase(Locale.ROOT));
    String resolved = qualifier;
    if (columns == null) {
      resolved = shape.resolve(qualifier).orElse(qualifier);
      columns = shape.derivedColumns.get(QueryShape.lastPart(resolved).toLowerCase(Locale.ROOT));
      if (realTable(resolved).isPresent()) {
        return false;
      }
    }
    if (columns == null || columns.isEmpty()) {
      return false;
    }
    columns.stream()
        .map(c -> Map.entry(c, NameMatcher.score(name, c, "")))
        .filter(e -> e.getValue() >= 0.3)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(MAX_SUGGESTIONS)
        .forEach(e -> suggestions.add(qualifier + "." + e.getKey()));
    String list = QueryShape.lastPart(resolved) + "(" + String.join(", ", columns) + ")";
    remedy =
        identifier
            + " is not an output column of "
            + QueryShape.lastPart(resolved)
            + (suggestions.isEmpty() ? "" : ". Use " + suggestions.get(0))
            + "; its columns: "
            + list
            + ".";
    return true;
  }

  private void rankColumns(String qualifier, String name, List<Table> queryTables) {
    Optional<Table> owner =
        qualifier.isEmpty() ? Optional.empty() : shape.resolve(qualifier).flatMap(this::realTable);
    Map<String, Double> scored = new LinkedHashMap<>();
    Map<String, String> joins = new LinkedHashMap<>();
    for (Table table : queryTables) {
      boolean aliased =
          owner
              .map(o -> o.qualifiedName().equals(table.qualifiedName()))
              .orElse(qualifier.isEmpty());
      double weight = aliased ? 1.0 : 0.9;
      String prefix =
          qualifier.isEmpty() && queryTables.size() == 1
              ? ""
              : shape.qualifierFor(table.name()) + ".";
      if (aliased && !qualifier.isEmpty()) {
        prefix = qualifier + ".";
      }
      for (Column column : table.columns()) {
        double s = NameMatcher.score(name, column.name(), table.name()) * weight;
        s += mentionsTable(name, table) && !aliased ? 0.15 : 0;
        scored.merge(prefix + column.name(), s, Math::max);
      }
    }
    // A strong match in the query's own tables beats a join to another table (e.dept_id is
    // e.department_id, not department.id).
    double localBest = scored.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double neighborWeight = localBest >= 0.8 ? 0.7 : 0.85;
    for (Table query : queryTables) {
      for (Neighbor neighbor : neighbors(query, queryTables)) {
        for (Column column : neighbor.table().columns()) {
          double s =
              NameMatcher.score(name, column.name(), neighbor.table().name()) * neighborWeight;
          s += mentionsTable(name, neighbor.table()) ? 0.15 : 0;
          String key = neighbor.table().name() + "." + column.name();
          if (s > scored.getOrDefault(key, 0.0)) {
            scored.put(key, s);
            joins.put(key, neighbor.join());
          }
        }
      }
    }
    if (queryTables.isEmpty()) {
      for (Table table : schema.tables()) {
        for (Column column : table.columns()) {
          scored.merge(
              table.name() + "." + column.name(),
              NameMatcher.score(name, column.name(), table.name()) * 0.7,
              Math::max);
        }
      }
    }
    List<Map.Entry<String, Double>> ranked =
        scored.entrySet().stream()
            .filter(e -> e.getValue() >= 0.3)
            .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
            .limit(MAX_SUGGESTIONS)
            .toList();
    for (Map.Entry<String, Double> entry : ranked) {
      String join = joins.get(entry.getKey());
      suggestions.add(join == null ? entry.getKey() : entry.getKey() + " (" + join + ")");
      if (join != null && suggestions.size() == 1) {
        realTable(entry.getKey().substring(0, entry.getKey().lastIndexOf('.')))
            .ifPresent(t -> involved.add(t.qualifiedName()));
      }
    }
    String where =
        owner
            .map(
                t ->
                    " on "
                        + t.name()
                        + (qualifier.equalsIgnoreCase(t.name())
                            ? ""
                            : " (alias " + qualifier + ")"))
            .orElse(queryTables.isEmpty() ? "" : " on " + names(queryTables));
    if (suggestions.isEmpty()) {
      remedy =
          "Column "
              + identifier
              + " does not exist"
              + where
              + "; use one of the columns listed below.";
    } else {
      String first = suggestions.get(0);
      remedy =
          "Column "
              + identifier
              + " does not exist"
              + where
              + ". Use "
              + first
              + (suggestions.size() > 1
                  ? " (or "
                      + String.join(", ", suggestions.subList(1, Math.min(3, suggestions.size())))
                      + ")"
                  : "")
              + ".";
    }
  }

  private boolean mentionsTable(String written, Table table) {
    List<String> words = NameMatcher.words(written);
    List<String> tableWords = NameMatcher.words(table.name());
    if (words.size() < 2) {
      return false;
    }
    for (String w : words) {
      for (String t : tableWords) {
        if (NameMatcher.wordFit(w, t) >= 0.9) {
          return true;
        }
      }
    }
    return false;
  }

  private void missingFromEntry(String qualifier) {
    List<String> used = shape.columnsQualifiedBy(qualifier);
    if (used.isEmpty()) {
      used =
          QueryShape.scanQualifiedColumns(sql).stream()
              .filter(c -> c.substring(0, c.lastIndexOf('.')).equalsIgnoreCase(qualifier))
              .map(c -> c.substring(c.lastIndexOf('.') + 1))
              .toList();
    }
    Map<Table, Double> candidates = new LinkedHashMap<>();
    for (Table table : schema.tables()) {
      double s = 0;
      for (String column : used) {
        s += table.column(column).isPresent() ? 1.0 : 0;
      }
      s = used.isEmpty() ? 0 : s / used.size();
      s += 0.2 * NameMatcher.tableScore(qualifier, table.name());
      if (s > 0.15) {
        candidates.put(table, s);
      }
    }
    List<Table> ranked =
        candidates.entrySet().stream()
            .sorted(Map.Entry.<Table, Double>comparingByValue().reversed())
            .map(Map.Entry::getKey)
            .limit(3)
            .toList();
    List<Table> queryTables = queryTables();
    for (Table table : ranked) {
      involved.add(table.qualifiedName());
      boolean inQuery =
          queryTables.stream().anyMatch(q -> q.qualifiedName().equals(table.qualifiedName()));
      if (inQuery) {
        suggestions.add(table.name() + " " + qualifier);
      } else {
        suggestions.add(joinClause(table, qualifier, queryTables));
      }
    }
    String columnsText =
        used.isEmpty()
            ? ""
            : " (" + qualifier + "." + String.join(", " + qualifier + ".", used) + ")";
    if (suggestions.isEmpty()) {
      remedy =
          qualifier
              + " is used as a table alias"
              + columnsText
              + " but is not defined in FROM or JOIN: define it,"
              + " or qualify with a table of the query.";
    } else {
      Table best = ranked.get(0);
      remedy =
          qualifier
              + " is used as a table alias"
              + columnsText
              + " but is never defined in FROM or JOIN; "
              + best.name()
              + " has "
              + (used.isEmpty() ? "those columns" : String.join(", ", used))
              + ": "
              + (queryTables.stream().anyMatch(q -> q.qualifiedName().equals(best.qualifiedName()))
                  ? "give it the alias ("
                      + suggestions.get(0)
                      + ") or write "
                      + best.name()
                      + "."
                      + (used.isEmpty() ? "…" : used.get(0))
                  : "add " + suggestions.get(0))
              + ".";
    }
    if (identifier.isBlank()) {
      identifier = qualifier;
    }
  }

  private String joinClause(Table target, String alias, List<Table> queryTables) {
    String a = alias.isBlank() ? target.name() : alias;
    for (Table query : queryTables) {
      String q = shape.qualifierFor(query.name());
      for (ForeignKey fk : query.foreignKeys()) {
        if (fk.referencedTable().equalsIgnoreCase(target.name()) && fk.columns().size() == 1) {
          return join(target, a, fk.referencedColumns().get(0), q, fk.columns().get(0));
        }
      }
      for (ForeignKey fk : target.foreignKeys()) {
        if (fk.referencedTable().equalsIgnoreCase(query.name()) && fk.columns().size() == 1) {
          return join(target, a, fk.columns().get(0), q, fk.referencedColumns().get(0));
        }
      }
    }
    return "JOIN " + target.name() + " " + a + " ON …";
  }

  /** {@code JOIN target a ON a.targetColumn = q.queryColumn}. */
  private static String join(
      Table target, String a, String targetColumn, String q, String queryColumn) {
    return "JOIN "
        + target.name()
        + " "
        + a
        + " ON "
        + a
        + "."
        + targetColumn
        + " = "
        + q
        + "."
        + queryColumn;
  }

  private record Neighbor(Table table, String join) {}

  private List<Neighbor> neighbors(Table query, List<Table> queryTables) {
    List<Neighbor> result = new ArrayList<>();
    String q = shape.qualifierFor(query.name());
    for (ForeignKey fk : query.foreignKeys()) {
      realTable(fk.referencedTable())
          .filter(t -> !contains(queryTables, t))
          .filter(t -> fk.columns().size() == 1)
          .ifPresent(
              t ->
                  result.add(
                      new Neighbor(
                          t,
                          "JOIN "
                              + t.name()
                              + " ON "
                              + t.name()
                              + "."
                              + fk.referencedColumns().get(0)
                              + " = "
                              + q
                              + "."
                              + fk.columns().get(0))));
    }
    for (Table other : schema.tables()) {
      if (contains(queryTables, other)) {
        continue;
      }
      for (ForeignKey fk : other.foreignKeys()) {
        if (fk.referencedTable().equalsIgnoreCase(query.name()) && fk.columns().size() == 1) {
          result.add(
              new Neighbor(
                  other,
                  "JOIN "
                      + other.name()
                      + " ON "
                      + other.name()
                      + "."
                      + fk.columns().get(0)
                      + " = "
                      + q
                      + "."
                      + fk.referencedColumns().get(0)));
        }
      }
    }
    return result;
  }

  private static boolean contains(List<Table> tables, Table table) {
    return tables.stream().anyMatch(t -> t.qualifiedName().equals(table.qualifiedName()));
  }

  private boolean constructInsteadOfColumn(String name) {
    // DATEADD(day, …) or CONVERT(varchar, …): the database reads the first argument as a column.
    Matcher m =
        Pattern.compile("(?i)\\b([A-Za-z_][\\w]*)\\s*\\(\\s*" + Pattern.quote(name) + "\\s*,")
            .matcher(sql);
    if (!m.find()) {
      return false;
    }
    String function = m.group(1);
    if (function.equalsIgnoreCase("CONVERT")) {
      Optional<SqlText.Call> call = SqlText.findCall(sql, "CONVERT", m.start());
      if (call.isPresent() && call.get().arguments().size() >= 2) {
        String rewrite = syntax.cast(call.get().arguments().get(1), call.get().arguments().get(0));
        suggestions.add(rewrite);
        remedy =
            "CONVERT(type, value) is SQL Server syntax; "
                + databaseName
                + " reads "
                + name
                + " as a column. Write "
                + rewrite
                + ".";
        return true;
      }
    }
    Optional<FunctionEquivalent> equivalent =
        syntax.equivalentOf(function.toUpperCase(Locale.ROOT));
    if (equivalent.isPresent()) {
      suggestions.add(equivalent.get().replacement());
      remedy =
          function.toUpperCase(Locale.ROOT)
              + "("
              + name
              + ", …) is not "
              + databaseName
              + " syntax ("
              + name
              + " is read as a column). Use "
              + equivalent.get().replacement()
              + ": "
              + equivalent.get().note();
      return true;
    }
    return false;
  }

  private boolean doubleQuotedLiteral(String name, String qualifier) {
    if (!qualifier.isEmpty() || !sql.contains("\"" + name + "\"")) {
      return false;
    }
    for (Table table : queryTables()) {
      for (Column column : table.columns()) {
        if (NameMatcher.score(name, column.name(), table.name()) >= 0.6) {
          return false;
        }
      }
    }
    suggestions.add("'" + name.replace("'", "''") + "'");
    remedy =
        "\""
            + name
            + "\" in double quotes is an identifier in "
            + databaseName
            + ", not a string: write the string"
            + " in single quotes, "
            + suggestions.get(0)
            + ".";
    return true;
  }

  private String havingCondition() {
    Matcher m =
        Pattern.compile("(?is)\\bHAVING\\s+(.+?)(?:\\s+ORDER\\s+BY|\\s+LIMIT|\\s*;|$)")
            .matcher(sql);
    return m.find() ? m.group(1).trim() : "";
  }

  // -----------------------------------------------------------------------------------------
  // tables

  private void undefinedTable() {
    String alias = match("missing FROM-clause entry for table \"?([^\"\\s]+)\"?");
    if (!alias.isBlank()) {
      identifier = alias;
      missingFromEntry(alias);
      return;
    }
    String written =
        firstNonBlank(
            match("relation \"([^\"]+)\" does not exist"),
            match("[Tt]able '([^']+)' doesn't exist"),
            match("table \"?([^\"\\s]+)\"? does not exist"),
            error.identifier().orElse(""),
            nameAtPosition());
    String bare = QueryShape.lastPart(written);
    // MySQL names the table with the current database ('shop.users'): keep the name as the
    // statement wrote it.
    identifier =
        written.contains(".")
                && !sql.toLowerCase(Locale.ROOT).contains(written.toLowerCase(Locale.ROOT))
            ? bare
            : written;
    if (bare.isBlank()) {
      remedy = "A table does not exist. " + message;
      return;
    }
    String qualifier = written.contains(".") ? written.substring(0, written.indexOf('.')) : written;
    boolean namesATable =
        shape.tables.stream().anyMatch(t -> QueryShape.unquote(t.name()).equalsIgnoreCase(written));
    if (!namesATable
        && realTable(qualifier).isEmpty()
        && shape.resolve(qualifier).isEmpty()
        && !shape.columnsQualifiedBy(qualifier).isEmpty()) {
      // An alias used as a qualifier but never defined, whatever language the message is in.
      identifier = qualifier;
      missingFromEntry(qualifier);
      return;
    }
    List<Table> ranked =
        schema.tables().stream()
            .map(t -> Map.entry(t, NameMatcher.tableScore(bare, t.name())))
            .filter(e -> e.getValue() >= 0.35)
            .sorted(Map.Entry.<Table, Double>comparingByValue().reversed())
            .limit(MAX_SUGGESTIONS)
            .map(Map.Entry::getKey)
            .toList();
    for (Table table : ranked) {
      suggestions.add(table.name());
    }
    if (!ranked.isEmpty()) {
      involved.add(ranked.get(0).qualifiedName());
    }
    remedy =
        "Table "
            + identifier
            + " does not exist"
            + (ranked.isEmpty()
                ? "; use one of the tables listed below."
                : ". Use "
                    + suggestions.get(0)
                    + (suggestions.size() > 1
                        ? " (or "
                            + String.join(
                                ", ", suggestions.subList(1, Math.min(3, suggestions.size())))
                            + ")"
                        : "")
                    + ".");
    if (ranked.isEmpty()) {
      involved.addAll(schema.tables().stream().limit(20).map(Table::qualifiedName).toList());
    }
  }

  private void ambiguousColumn() {
    String written =
        firstNonBlank(
            match("column reference \"([^\"]+)\" is ambiguous"),
            match("Column '([^']+)' in .* is ambiguous"),
            error.identifier().orElse(""),
            nameAtPosition());
    identifier = written;
    String name = QueryShape.lastPart(written);
    List<String> owners = new ArrayList<>();
    for (QueryShape.TableRef ref : shape.tables) {
      Optional<Table> table = realTable(ref.name());
      if (table.isPresent() && table.get().column(name).isPresent()) {
        String qualified =
            (ref.alias().isEmpty() ? QueryShape.lastPart(ref.name()) : ref.alias())
                + "."
                + table.get().column(name).get().name();
        if (!owners.contains(qualified)) {
          owners.add(qualified);
        }
      }
    }
    suggestions.addAll(owners);
    remedy =
        "Column "
            + name
            + " exists on several tables of the query"
            + (owners.isEmpty()
                ? "; qualify it with the table or alias it belongs to."
                : ": qualify it, e.g. "
                    + owners.get(0)
                    + (owners.size() > 1
                        ? " or " + String.join(" or ", owners.subList(1, owners.size()))
                        : "")
                    + ".");
  }

  // --------------------------------------------------------------------------------------
  // functions

  private void undefinedFunction() {
    Matcher pg = Pattern.compile("function ([\\w.\"]+)\\((.*)\\) does not exist").matcher(message);
    String name;
    List<String> types = new ArrayList<>(error.types());
    if (pg.find()) {
      name = QueryShape.lastPart(pg.group(1));
      if (types.isEmpty() && !pg.group(2).isBlank()) {
        for (String t : pg.group(2).split(",\\s*")) {
          types.add(t.trim());
        }
      }
    } else {
      name =
          QueryShape.lastPart(
              firstNonBlank(
                  match("FUNCTION ([\\w.$]+) does not exist"),
                  match("native function '([^']+)'"),
                  match("function '?([\\w.$]+)'? does not exist"),
                  error.identifier().orElse(""),
                  nameAtPosition()));
    }
    identifier = name;
    if (name.isBlank()) {
      remedy = "A function does not exist on " + databaseName + ". " + message;
      return;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    int offset = error.position().isPresent() ? error.position().getAsInt() - 1 : -1;
    Optional<SqlText.Call> call = SqlText.findCall(sql, name, offset);
    if (!types.isEmpty() && typeRewrite(lower, types, call)) {
      return;
    }
    Optional<FunctionEquivalent> equivalent = syntax.equivalentOf(name.toUpperCase(Locale.ROOT));
    if (equivalent.isPresent()) {
      String replacement = equivalent.get().replacement();
      String applied =
          applyArguments(replacement, call.map(SqlText.Call::arguments).orElse(List.of()));
      if (!applied.equals(replacement)) {
        suggestions.add(applied);
      }
      suggestions.add(replacement);
      remedy =
          name.toUpperCase(Locale.ROOT)
              + " does not exist on "
              + databaseName
              + ". Use "
              + (applied.equals(replacement) ? replacement : applied + " (" + replacement + ")")
              + ": "
              + equivalent.get().note();
      return;
    }
    if (!types.isEmpty()) {
      remedy =
          name
              + "("
              + String.join(", ", types)
              + ") does not exist on "
              + databaseName
              + ": "
              + argumentsText(call, types)
              + "; cast the arguments to the types "
              + name
              + " accepts, or use a"
              + " function of "
              + databaseName
              + ".";
    } else {
      remedy =
          name
              + " is not a function of "
              + databaseName
              + "; rewrite it with a built-in function of "
              + databaseName
              + ".";
    }
  }

  private static final Set<String> PLACEHOLDERS =
      Set.of("a", "b", "c", "d", "s", "x", "y", "expr", "cond", "str", "ts");

  /**
   * The dialect's replacement with the call's own arguments in place of its single-letter
   * placeholders ({@code COALESCE(a, b)} → {@code COALESCE(email, '-')}), when the placeholders and
   * arguments pair up one to one in order; otherwise the replacement unchanged.
   */
  static String applyArguments(String replacement, List<String> args) {
    Matcher m = Pattern.compile("(?<![\\w'.%])([a-z]+)(?![\\w'(])").matcher(replacement);
    List<String> order = new ArrayList<>();
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      if (PLACEHOLDERS.contains(m.group(1))) {
        if (!order.contains(m.group(1))) {
          order.add(m.group(1));
        }
        spans.add(new int[] {m.start(1), m.end(1)});
      }
    }
    if (order.isEmpty() || order.size() != args.size()) {
      return replacement;
    }
    StringBuilder out = new StringBuilder(replacement);
    for (int i = spans.size() - 1; i >= 0; i--) {
      int[] span = spans.get(i);
      String placeholder = replacement.substring(span[0], span[1]);
      out.replace(span[0], span[1], args.get(order.indexOf(placeholder)));
    }
    return out.toString();
  }

  private boolean typeRewrite(String name, List<String> types, Optional<SqlText.Call> call) {
    List<String> args = call.map(SqlText.Call::arguments).orElse(List.of());
    String upper = name.toUpperCase(Locale.ROOT);
    if ((name.equals("round") || name.equals("trunc"))
        && !types.isEmpty()
        && isFloat(types.get(0))
        && !args.isEmpty()) {
      String rewrite = upper + "(" + syntax.cast(args.get(0), "numeric") + tail(args, 1) + ")";
      suggestions.add(rewrite);
      remedy =
          upper
              + "("
              + String.join(", ", types)
              + ") does not exist: "
              + args.get(0)
              + " is "
              + types.get(0)
              + " and "
              + upper
              + " with a precision needs numeric. Cast it: "
              + rewrite
              + ".";
      return true;
    }
    if ((name.equals("sum") || name.equals("avg"))
        && types.size() == 1
        && isBoolean(types.get(0))
        && !args.isEmpty()) {
      String condition = args.get(0);
      String rewrite = upper + "(CASE WHEN " + condition + " THEN 1 ELSE 0 END)";
      suggestions.add(rewrite);
      if (name.equals("sum")) {
        suggestions.add("COUNT(*) FILTER (WHERE " + condition + ")");
      }
      suggestions.add(upper + "(" + syntax.cast(condition, "integer") + ")");
      remedy =
          upper
              + "(boolean) does not exist: "
              + condition
              + " is boolean. Count the true rows with "
              + rewrite
              + (name.equals("sum") ? " or COUNT(*) FILTER (WHERE " + condition + ")" : "")
              + ".";
      return true;
    }
    if (DATE_FUNCTIONS.contains(name)) {
      int textIndex = -1;
      for (int i = 0; i < types.size(); i++) {
        if (isText(types.get(i))
            && !(i == 0
                && !name.equals("extract")
                && !name.equals("to_char")
                && !name.equals("age"))) {
          textIndex = i;
        }
      }
      if (textIndex >= 0 && call.isPresent()) {
        String rewrite;
        String source;
        if (name.equals("extract") && args.size() == 1) {
          Matcher m = Pattern.compile("(?is)^\\s*(\\w+)\\s+FROM\\s+(.+)$").matcher(args.get(0));
          if (!m.find()) {
            return false;
          }
          source = m.group(2).trim();
          rewrite = "EXTRACT(" + m.group(1) + " FROM " + syntax.cast(source, "date") + ")";
        } else {
          int argIndex = Math.min(textIndex, args.size() - 1);
          source = args.get(argIndex);
          List<String> rewritten = new ArrayList<>(args);
          rewritten.set(argIndex, syntax.cast(source, "date"));
          rewrite =
              call.get().text().substring(0, call.get().text().indexOf('('))
                  + "("
                  + String.join(", ", rewritten)
                  + ")";
        }
        suggestions.add(rewrite);
        remedy =
            upper
                + " needs a date or timestamp, but "
                + source
                + " is "
                + types.get(textIndex)
                + " (text). Cast it"
                + " to a date: "
                + rewrite
                + ".";
        return true;
      }
    }
    if (STRING_FUNCTIONS.contains(name)
        && !types.isEmpty()
        && !isText(types.get(0))
        && !args.isEmpty()) {
      String rewrite =
          call.get().text().substring(0, call.get().text().indexOf('('))
              + "("
              + syntax.cast(args.get(0), "text")
              + tail(args, 1)
              + ")";
      suggestions.add(rewrite);
      remedy =
          upper
              + " works on text, but "
              + args.get(0)
              + " is "
              + types.get(0)
              + ". Cast it: "
              + rewrite
              + ".";
      return true;
    }
    return false;
  }

  private static String tail(List<String> args, int from) {
    return args.size() > from ? ", " + String.join(", ", args.subList(from, args.size())) : "";
  }

  private static String argumentsText(Optional<SqlText.Call> call, List<String> types) {
    List<String> parts = new ArrayList<>();
    List<String> args = call.map(SqlText.Call::arguments).orElse(List.of());
    for (int i = 0; i < types.size(); i++) {
      parts.add((i < args.size() ? args.get(i) : "argument " + (i + 1)) + " is " + types.get(i));
    }
    return String.join(", ", parts);
  }

  // ------------------------------------------------------------------------------------------
  // types

  private void typeMismatch() {
    Matcher m =
        Pattern.compile(
                "operator does not exist: (.+?) (=|<>|!=|<=|>=|<|>|\\+|-|\\*|/|%|\\|\\||!?~~\\*?|!?~\\*?) (.+?)$",
                Pattern.MULTILINE)
            .matcher(message);
    String leftType = "";
    String op = "";
    String rightType = "";
    if (m.find()) {
      leftType = m.group(1).trim();
      op = m.group(2).trim();
      rightType = m.group(3).trim();
    }
    if (error.types().size() >= 2) {
      leftType = error.types().get(0);
      rightType = error.types().get(1);
    }
    String left = "";
    String right = "";
    int at = error.position().isPresent() ? error.position().getAsInt() - 1 : -1;
    if (at >= 0 && at < sql.length() && SqlText.operatorLength(sql, at) == 0) {
      // The position points at an expression, not an operator: WHERE/UNION/CASE type errors.
      expressionTypeMismatch(SqlText.operandAfter(sql, at), leftType, rightType);
      return;
    }
    if (at >= 0 && at < sql.length()) {
      left = SqlText.operandBefore(sql, at);
      right = SqlText.operandAfter(sql, at + Math.max(1, SqlText.operatorLength(sql, at)));
      if (op.isBlank()) {
        op = sql.substring(at, at + Math.max(1, SqlText.operatorLength(sql, at)));
      }
    }
    identifier = left.isBlank() ? "" : left + " " + op + " " + right;
    if (leftType.isBlank()) {
      remedy =
          "The types on both sides do not match: "
              + message
              + ". Cast one side, e.g. "
              + syntax.cast("value", "type")
              + ".";
      return;
    }
    if (left.isBlank() || right.isBlank()) {
      remedy =
          leftType
              + " and "
              + rightType
              + " cannot be combined"
              + (op.isBlank() ? "" : " with " + op)
              + ": cast one side to the other's type, e.g. "
              + syntax.cast("value", leftType)
              + ".";
      return;
    }
    String types = left + " is " + leftType + " and " + right + " is " + rightType;
    if (op.equals("+") && (isText(leftType) || isText(rightType))) {
      suggestions.add(left + " || " + right);
      suggestions.add("CONCAT(" + left + ", " + right + ")");
      remedy =
          types
              + ": + adds numbers; join text with "
              + suggestions.get(0)
              + " or "
              + suggestions.get(1)
              + ".";
      return;
    }
    if (isText(leftType) && isNumber(rightType)) {
      textVersusNumber(left, op, right, rightType, types, false);
    } else if (isNumber(leftType) && isText(rightType)) {
      textVersusNumber(right, op, left, leftType, types, true);
    } else if (isBoolean(leftType) && isNumber(rightType) && SqlText.isNumber(right)) {
      String value = right.equals("0") ? "FALSE" : "TRUE";
      suggestions.add(left + " " + op + " " + value);
      remedy = types + ": compare a boolean with TRUE or FALSE, " + suggestions.get(0) + ".";
    } else if (isDateLike(leftType) && isNumber(rightType) && right.matches("\\d{4}")) {
      suggestions.add("EXTRACT(YEAR FROM " + left + ") " + op + " " + right);
      suggestions.add(left + " " + op + " '" + right + "-01-01'");
      remedy =
          types
              + ": to compare the year, write "
              + suggestions.get(0)
              + "; to compare a date, write "
              + suggestions.get(1)
              + ".";
    } else if (isDateLike(leftType) && isText(rightType)) {
      suggestions.add(left + " " + op + " " + syntax.cast(right, leftType));
      remedy = types + ": cast the text to " + leftType + ", " + suggestions.get(0) + ".";
    } else {
      suggestions.add(left + " " + op + " " + syntax.cast(right, leftType));
      suggestions.add(syntax.cast(left, rightType) + " " + op + " " + right);
      remedy = types + ": cast one side to the other's type, e.g. " + suggestions.get(0) + ".";
    }
  }

  private void expressionTypeMismatch(String expression, String expected, String actual) {
    String lower = message.toLowerCase(Locale.ROOT);
    identifier = expression;
    if (lower.contains("where must be type boolean")
        || lower.contains("having must be type boolean")
        || lower.contains("on must be type boolean")) {
      String type =
          actual.isBlank()
              ? (error.types().isEmpty() ? "" : error.types().get(error.types().size() - 1))
              : actual;
      String condition =
          isNumber(type)
              ? expression + " <> 0"
              : isText(type) ? expression + " <> ''" : expression + " IS NOT NULL";
      suggestions.add(condition);
      remedy =
          "A condition must be boolean, but "
              + expression
              + (type.isBlank() ? "" : " is " + type)
              + ": compare it, e.g. "
              + condition
              + ".";
      return;
    }
    if (lower.contains("cannot be matched")) {
      suggestions.add(syntax.cast(expression, "text"));
      remedy =
          "The branches (UNION, CASE or COALESCE) give one column different types ("
              + expected
              + " and "
              + actual
              + "): cast them to one type, e.g. "
              + suggestions.get(0)
              + " and the other side to text too,"
              + " or select matching columns.";
      return;
    }
    remedy =
        "The types do not match ("
            + message
            + "): cast "
            + (expression.isBlank() ? "the value" : expression)
            + " to the expected type, e.g. "
            + syntax.cast(
                expression.isBlank() ? "value" : expression, expected.isBlank() ? "text" : expected)
            + ".";
  }

  private void textVersusNumber(
      String text, String op, String number, String numberType, String types, boolean swapped) {
    if (SqlText.isNumber(number)) {
      String fixed = text + " " + op + " '" + number + "'";
      suggestions.add(fixed);
      suggestions.add(syntax.cast(text, numberType) + " " + op + " " + number);
      remedy = types + ": " + text + " holds text, so quote the literal: " + fixed + ".";
    } else if (SqlText.isStringLiteral(text)) {
      String unquoted = text.substring(1, text.length() - 1);
      suggestions.add(number + " " + op + " " + unquoted);
      remedy = types + ": drop the quotes, " + suggestions.get(0) + ".";
    } else {
      String cast = syntax.cast(text, numberType);
      suggestions.add(swapped ? number + " " + op + " " + cast : cast + " " + op + " " + number);
      suggestions.add(
          swapped
              ? syntax.cast(number, "text") + " " + op + " " + text
              : text + " " + op + " " + syntax.cast(number, "text"));
      remedy =
          types
              + ": cast the text column to "
              + numberType
              + ", "
              + suggestions.get(0)
              + " (or compare as text, "
              + suggestions.get(1)
              + ").";
    }
  }

  // ---------------------------------------------------------------------------------------
  // literals

  private void invalidLiteral() {
    String type =
        firstNonBlank(
            match("invalid input syntax for type ([\\w ]+?): "),
            match("Incorrect (\\w+) value"),
            match("[Tt]runcated incorrect (\\w+) value"));
    String value =
        firstNonBlank(
            match(": \"(.*)\"\\s*$"),
            match("value: '([^']*)'"),
            match(": \"([^\"]*)\""),
            match("value '([^']*)'"));
    if (type.isBlank() && message.contains("date/time")) {
      type = value.contains(":") ? "timestamp" : "date";
    }
    type = type.toLowerCase(Locale.ROOT).trim();
    identifier = value;
    String operand = "";
    if (error.position().isPresent()) {
      int at = error.position().getAsInt() - 1;
      String before = sql.substring(0, Math.max(0, Math.min(at, sql.length())));
      Matcher op = Pattern.compile("([\\w.]+)\\s*(=|<>|!=|<=|>=|<|>)\\s*$").matcher(before);
      if (op.find()) {
        operand = op.group(1) + " " + op.group(2) + " ";
      }
    }
    Matcher coalesce =
        Pattern.compile(
                "(?i)\\b(COALESCE|IFNULL|NVL)\\s*\\(\\s*([\\w.]+)\\s*,\\s*'"
                    + Pattern.quote(value.replace("'", "''"))
                    + "'\\s*\\)")
            .matcher(sql);
    if (!value.isEmpty() && coalesce.find()) {
      String rewrite =
          coalesce.group(1) + "(" + syntax.cast(coalesce.group(2), "text") + ", '" + value + "')";
      suggestions.add(rewrite);
      remedy =
          "'"
              + value
              + "' is text but "
              + coalesce.group(2)
              + " is "
              + type
              + ", and "
              + coalesce.group(1)
              + " needs one type: cast the column, "
              + rewrite
              + ", or use a fallback of the column's type.";
      return;
    }
    String fixed;
    String format;
    if (type.equals("interval")) {
      fixed = "'" + fixInterval(value) + "'";
      format = "a number and a unit such as '7 days', '3 months' or '2 hours'";
    } else if (type.startsWith("int")
        || type.equals("bigint")
        || type.equals("smallint")
        || type.equals("numeric")
        || type.equals("decimal")
        || type.startsWith("double")
        || type.equals("real")) {
      String digits = value.replaceAll("[^0-9.-]", "");
      fixed = operand + (digits.isEmpty() ? "42" : digits);
      format = "a number without quotes or letters";
    } else if (type.startsWith("bool")) {
      fixed = operand + "TRUE";
      format = "TRUE or FALSE";
    } else if (type.startsWith("date") || type.startsWith("timestamp") || type.startsWith("time")) {
      boolean withTime =
          type.startsWith("timestamp") || type.equals("datetime") || value.contains(":");
      String iso = isoDate(value);
      fixed =
          iso.isEmpty()
              ? (withTime ? "'YYYY-MM-DD HH:MM:SS'" : "'YYYY-MM-DD'")
              : operand + "'" + iso + "'";
      format = (withTime ? "'YYYY-MM-DD HH:MM:SS'" : "'YYYY-MM-DD'") + ", a real calendar date";
    } else {
      fixed = "";
      format = "a literal the type accepts";
    }
    if (!fixed.isBlank()) {
      suggestions.add(fixed.trim());
    }
    remedy =
        "'"
            + value
            + "' is not a valid "
            + (type.isBlank() ? "value" : type)
            + " literal; write "
            + format
            + (fixed.isBlank() || format.startsWith(fixed.trim()) ? "" : ", e.g. " + fixed.trim())
            + ".";
  }

  private static String isoDate(String value) {
    Matcher dmy =
        Pattern.compile("^(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})(.*)$").matcher(value.trim());
    if (dmy.find()) {
      int a = Integer.parseInt(dmy.group(1));
      int b = Integer.parseInt(dmy.group(2));
      int day = a > 12 ? a : b > 12 ? b : a;
      int month = a > 12 ? b : b > 12 ? a : b;
      if (month >= 1 && month <= 12 && day >= 1 && day <= 31) {
        return String.format("%s-%02d-%02d%s", dmy.group(3), month, day, dmy.group(4));
      }
    }
    return "";
  }

  private static String fixInterval(String value) {
    Matcher m = Pattern.compile("^\\s*(-?\\d+)\\s*([A-Za-z]+)").matcher(value);
    if (!m.find()) {
      return "7 days";
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    String best = "days";
    double bestScore = -1;
    for (String candidate :
        List.of("seconds", "minutes", "hours", "days", "weeks", "months", "years")) {
      double s =
          Math.max(
              NameMatcher.similarity(unit, candidate),
              NameMatcher.similarity(unit, candidate.substring(0, candidate.length() - 1)));
      if (s > bestScore) {
        bestScore = s;
        best = candidate;
      }
    }
    return m.group(1) + " " + best;
  }

  // ---------------------------------------------------------------------------------------
  // grouping

  private void groupingError() {
    if (selectListRule()) {
      return;
    }
    String column =
        firstNonBlank(
            match("column \"([^\"]+)\" must appear in the GROUP BY"),
            match("nonaggregated column '([^']+)'"),
            match("'([^']+)' isn't in GROUP BY"),
            error.identifier().orElse(""));
    if (!column.isBlank() && column.chars().filter(c -> c == '.').count() >= 2) {
      column = column.substring(column.indexOf('.') + 1);
    }
    column = asWritten(column);
    identifier = column;
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("not allowed in where")
        || (column.isBlank() && !shape.whereAggregateConditions.isEmpty())
        || (lower.contains("invalid use of group function")
            && !shape.whereAggregateConditions.isEmpty())) {
      if (!shape.whereAggregateConditions.isEmpty()) {
        String condition = shape.whereAggregateConditions.get(0);
        identifier = condition;
        suggestions.add("HAVING " + condition);
        remedy =
            "An aggregate cannot be used in WHERE ("
                + condition
                + "): move the condition into HAVING, after"
                + " GROUP BY — "
                + suggestions.get(0)
                + "."
                + (shape.groupBy.isEmpty()
                    ? " Add a GROUP BY for the" + " non-aggregated columns."
                    : "");
      } else {
        suggestions.add("HAVING …");
        remedy =
            "An aggregate cannot be used in WHERE: move that condition into HAVING, after GROUP BY.";
      }
      return;
    }
    if (lower.contains("cannot be nested") || lower.contains("invalid use of group function")) {
      String nested = shape.nestedAggregates.isEmpty() ? "" : shape.nestedAggregates.get(0);
      suggestions.add(
          "a subquery: SELECT "
              + (nested.isEmpty() ? "COUNT(*)" : outerAggregate(nested))
              + " FROM (SELECT … GROUP BY …) AS t");
      remedy =
          "Aggregates cannot be nested"
              + (nested.isEmpty() ? "" : " (" + nested + ")")
              + ": compute the inner"
              + " aggregate in a subquery with its GROUP BY, then aggregate its result — "
              + suggestions.get(0)
              + ".";
      return;
    }
    if (column.isBlank() && !shape.nonAggregatedSelectItems.isEmpty() && shape.groupBy.isEmpty()) {
      suggestions.add("GROUP BY " + String.join(", ", shape.nonAggregatedSelectItems));
      remedy =
          "The query mixes aggregates with plain columns but has no GROUP BY: add "
              + suggestions.get(0)
              + ".";
      return;
    }
    if (column.isBlank()) {
      remedy =
          "Every selected column must be in GROUP BY or inside an aggregate: add the missing columns to GROUP BY."
              + " "
              + message;
      return;
    }
    if (error.position().isPresent() && inHaving(error.position().getAsInt() - 1)) {
      String condition = havingCondition();
      suggestions.add("WHERE " + condition);
      remedy =
          column
              + " is neither grouped nor aggregated, so HAVING cannot test it: move "
              + condition
              + " into WHERE (before GROUP BY), "
              + suggestions.get(0)
              + ".";
      return;
    }
    List<String> group = new ArrayList<>(shape.groupBy);
    group.add(column);
    suggestions.add("GROUP BY " + String.join(", ", group));
    suggestions.add("MAX(" + column + ")");
    remedy =
        column
            + " is selected but neither grouped nor aggregated: "
            + (shape.groupBy.isEmpty() ? "add " : "extend to ")
            + suggestions.get(0)
            + ", or wrap it in an aggregate such as "
            + suggestions.get(1)
            + ".";
  }

  // ---------------------------------------------------------------------------------------
  // select-list rules: ORDER BY under DISTINCT, DISTINCT ON before ORDER BY, positions

  private static final Pattern POSITION_MESSAGE =
      Pattern.compile("(ORDER BY|GROUP BY|DISTINCT ON) position (-?\\d+) is not in select list");
  private static final Pattern MYSQL_POSITION_MESSAGE =
      Pattern.compile(
          "(?i)Unknown column '(\\d+)' in '(order clause|ORDER BY|group statement|GROUP BY)'");
  private static final int MAX_SUGGESTION_LENGTH = 120;

  /**
   * Diagnoses a select-list rule (PostgreSQL 42P10, MySQL 3065 / 3066, a position beyond the list)
   * from the message when it is English, else from the statement's shape; false when the error is
   * none of them.
   */
  private boolean selectListRule() {
    String lower = message.toLowerCase(Locale.ROOT);
    Matcher position = POSITION_MESSAGE.matcher(message);
    if (position.find()) {
      positionBeyondList(position.group(1), Integer.parseInt(position.group(2)));
      return true;
    }
    Matcher mysqlPosition = MYSQL_POSITION_MESSAGE.matcher(message);
    if (mysqlPosition.find()) {
      String clause =
          mysqlPosition.group(2).toLowerCase(Locale.ROOT).startsWith("order")
              ? "ORDER BY"
              : "GROUP BY";
      positionBeyondList(clause, Integer.parseInt(mysqlPosition.group(1)));
      return true;
    }
    if (lower.contains("distinct on expressions must match")) {
      distinctOnOrder();
      return true;
    }
    if (lower.contains("for select distinct, order by")
        || lower.contains("incompatible with distinct")
        || error.vendorCode() == 3065
        || error.vendorCode() == 3066) {
      distinctOrderBy();
      return true;
    }
    if (!error.sqlState().equals("42P10")) {
      return false;
    }
    // 42P10 in another language: tell the forms apart by the statement.
    for (QueryShape.SelectBlock block : shape.selects) {
      if (!block.distinctOn().isEmpty() && !block.orderBy().isEmpty()) {
        distinctOnOrder();
        return true;
      }
      if (block.distinct() && !notInList(block).isEmpty()) {
        distinctOrderBy();
        return true;
      }
    }
    for (QueryShape.SelectBlock block : shape.selects) {
      for (String clause : List.of("ORDER BY", "GROUP BY", "DISTINCT ON")) {
        for (String written : clauseItems(block, clause)) {
          if (SqlText.isNumber(written.trim()) && !block.hasStar()) {
            int n = (int) Double.parseDouble(written.trim());
            if (n < 1 || n > block.items().size()) {
              positionBeyondList(clause, n);
              return true;
            }
          }
        }
      }
    }
    remedy =
        "An ORDER BY, GROUP BY or DISTINCT ON expression does not correspond to the select list"
            + " (with SELECT DISTINCT, ORDER BY may use only selected expressions; DISTINCT ON"
            + " expressions must begin ORDER BY; a position must exist in the select list). "
            + message;
    return true;
  }

  /** SELECT DISTINCT sorted by something it does not select. */
  private void distinctOrderBy() {
    QueryShape.SelectBlock block = null;
    List<QueryShape.Ordering> missing = List.of();
    for (QueryShape.SelectBlock candidate : shape.selects) {
      List<QueryShape.Ordering> outside = notInList(candidate);
      if (candidate.distinct() && candidate.distinctOn().isEmpty() && !outside.isEmpty()) {
        block = candidate;
        missing = outside;
        break;
      }
    }
    if (block == null) {
      String named = asWritten(error.identifier().orElse(""));
      identifier = named.isBlank() ? nameAtPosition() : named;
      if (!identifier.isBlank()) {
        suggestions.add("SELECT DISTINCT …, " + identifier);
      }
      remedy =
          "With SELECT DISTINCT, ORDER BY may use only expressions of the select list"
              + (identifier.isBlank() ? "" : " and " + identifier + " is not one")
              + ": add it to the select list, or drop DISTINCT, or GROUP BY the selected columns"
              + " and sort by an aggregate such as MIN(…).";
      return;
    }
    List<String> added = missing.stream().map(QueryShape.Ordering::expression).toList();
    identifier = String.join(", ", added);
    String items = String.join(", ", block.items().stream().map(QueryShape.Item::text).toList());
    String widened = "SELECT DISTINCT " + items + ", " + identifier;
    if (widened.length() > MAX_SUGGESTION_LENGTH) {
      widened = "SELECT DISTINCT …, " + identifier;
    }
    suggestions.add(widened);
    String grouped = groupedInsteadOfDistinct(block, missing);
    if (!grouped.isEmpty()) {
      suggestions.add(grouped);
    }
    String plain = "SELECT " + items;
    if (plain.length() <= MAX_SUGGESTION_LENGTH) {
      suggestions.add(plain);
    }
    String them = added.size() == 1 ? "it" : "them";
    remedy =
        "With SELECT DISTINCT, "
            + databaseName
            + " can sort only by expressions of the select list, and "
            + identifier
            + (added.size() == 1 ? " is" : " are")
            + " not in it (select list: "
            + items
            + "). Add "
            + them
            + ": "
            + widened
            + " … ORDER BY "
            + orderText(block.orderBy())
            + " (rows are then distinct on "
            + them
            + " too)"
            + (grouped.isEmpty() ? "" : "; or keep one row per selected value: " + grouped)
            + "; or drop DISTINCT if duplicate rows are acceptable.";
  }

  /**
   * {@code GROUP BY city ORDER BY MIN(country)}: one row per selected value, sorted by an aggregate
   * of what was not selected; empty when the list already aggregates or groups.
   */
  private static String groupedInsteadOfDistinct(
      QueryShape.SelectBlock block, List<QueryShape.Ordering> missing) {
    if (!block.groupBy().isEmpty()
        || block.hasStar()
        || block.items().stream().anyMatch(i -> QueryShape.containsAggregate(i.expression()))
        || missing.stream().anyMatch(o -> QueryShape.containsAggregate(o.expression()))) {
      return "";
    }
    List<String> order = new ArrayList<>();
    for (QueryShape.Ordering ordering : block.orderBy()) {
      if (missing.contains(ordering)) {
        String aggregate = ordering.descending() ? "MAX" : "MIN";
        order.add(aggregate + "(" + ordering.expression() + ")" + ordering.modifiers());
      } else {
        order.add(ordering.text());
      }
    }
    String group =
        String.join(", ", block.items().stream().map(QueryShape.Item::expression).toList());
    return "GROUP BY " + group + " ORDER BY " + String.join(", ", order);
  }

  /** SELECT DISTINCT ON (x) … ORDER BY something that does not begin with x. */
  private void distinctOnOrder() {
    QueryShape.SelectBlock block =
        shape.selects.stream()
            .filter(b -> !b.distinctOn().isEmpty() && !b.orderBy().isEmpty())
            .findFirst()
            .orElse(null);
    if (block == null) {
      remedy =
          "DISTINCT ON keeps the first row of each group in ORDER BY order, so ORDER BY must"
              + " begin with the DISTINCT ON expressions, in the same order: ORDER BY <DISTINCT ON"
              + " expressions>, <the columns that pick the row to keep>.";
      return;
    }
    String on = String.join(", ", block.distinctOn());
    identifier = "DISTINCT ON (" + on + ")";
    List<String> order = new ArrayList<>();
    List<QueryShape.Ordering> rest = new ArrayList<>(block.orderBy());
    for (String expression : block.distinctOn()) {
      QueryShape.Ordering same =
          rest.stream()
              .filter(o -> sameExpression(o.expression(), expression))
              .findFirst()
              .orElse(null);
      order.add(same == null ? expression : same.text());
      rest.remove(same);
    }
    rest.forEach(o -> order.add(o.text()));
    String fixed = "ORDER BY " + String.join(", ", order);
    suggestions.add(fixed);
    suggestions.add("SELECT * FROM (… " + fixed + ") AS t ORDER BY " + orderText(block.orderBy()));
    remedy =
        "DISTINCT ON ("
            + on
            + ") keeps the first row of each "
            + on
            + " in ORDER BY order, so ORDER BY must begin with "
            + on
            + ": "
            + fixed
            + (rest.isEmpty()
                ? ""
                : " (the rest of ORDER BY then picks the row kept per " + on + ")")
            + ". To sort the result differently, sort it outside: "
            + suggestions.get(1)
            + ".";
  }

  /** ORDER BY / GROUP BY / DISTINCT ON {@code n} where the select list has fewer items. */
  private void positionBeyondList(String clause, int n) {
    identifier = clause + " " + n;
    QueryShape.SelectBlock block = null;
    for (QueryShape.SelectBlock candidate : shape.selects) {
      if (clauseItems(candidate, clause).stream()
          .anyMatch(e -> e.trim().equals(String.valueOf(n)))) {
        block = candidate;
        break;
      }
    }
    if (block == null || block.hasStar() || block.items().isEmpty()) {
      remedy =
          clause
              + " "
              + n
              + " refers to column "
              + n
              + " of the select list, which does not exist: use a position from 1 to the number"
              + " of selected columns, or write the expression itself.";
      return;
    }
    List<QueryShape.Item> items = block.items();
    int size = items.size();
    int nearest = Math.max(1, Math.min(n, size));
    String listed = String.join(", ", items.stream().map(QueryShape.Item::text).toList());
    String range = size == 1 ? "position 1" : "a position from 1 to " + size;
    String written = clause.equals("DISTINCT ON") ? "DISTINCT ON (" + n + ")" : clause + " " + n;
    String beyond =
        written
            + " refers to column "
            + n
            + " of the select list, but it has "
            + size
            + (size == 1 ? " column" : " columns")
            + " ("
            + listed
            + "): ";
    switch (clause) {
      case "GROUP BY" -> {
        List<String> plain =
            items.stream()
                .map(QueryShape.Item::expression)
                .filter(e -> !QueryShape.containsAggregate(e))
                .toList();
        if (!plain.isEmpty()) {
          suggestions.add("GROUP BY " + String.join(", ", plain));
        }
        remedy =
            beyond
                + "group by the selected columns that are not aggregated"
                + (plain.isEmpty() ? "" : ", " + suggestions.get(0))
                + " ("
                + range
                + " also works).";
      }
      case "DISTINCT ON" -> {
        suggestions.add("DISTINCT ON (" + items.get(nearest - 1).expression() + ")");
        remedy =
            beyond + "name the expression, e.g. " + suggestions.get(0) + ", or use " + range + ".";
      }
      default -> {
        List<String> byPosition = new ArrayList<>();
        List<String> byName = new ArrayList<>();
        for (QueryShape.Ordering ordering : block.orderBy()) {
          String expression = ordering.expression().trim();
          if (expression.equals(String.valueOf(n))) {
            QueryShape.Item target = items.get(nearest - 1);
            addOnce(byPosition, nearest + ordering.modifiers());
            addOnce(
                byName,
                (target.alias().isEmpty() ? target.expression() : target.alias())
                    + ordering.modifiers());
          } else {
            addOnce(byPosition, ordering.text());
            addOnce(byName, ordering.text());
          }
        }
        suggestions.add("ORDER BY " + String.join(", ", byPosition));
        suggestions.add("ORDER BY " + String.join(", ", byName));
        remedy =
            beyond
                + "use "
                + range
                + " or write the expression itself, e.g. "
                + suggestions.get(0)
                + " or "
                + suggestions.get(1)
                + ".";
      }
    }
  }

  private static void addOnce(List<String> list, String value) {
    if (list.stream().noneMatch(v -> v.equalsIgnoreCase(value))) {
      list.add(value);
    }
  }

  private static List<String> clauseItems(QueryShape.SelectBlock block, String clause) {
    return switch (clause) {
      case "GROUP BY" -> block.groupBy();
      case "DISTINCT ON" -> block.distinctOn();
      default -> block.orderBy().stream().map(QueryShape.Ordering::expression).toList();
    };
  }

  /**
   * The ORDER BY elements that name nothing in the select list (by expression, alias or position).
   */
  private static List<QueryShape.Ordering> notInList(QueryShape.SelectBlock block) {
    if (block.hasStar()) {
      return List.of();
    }
    List<QueryShape.Ordering> outside = new ArrayList<>();
    for (QueryShape.Ordering ordering : block.orderBy()) {
      String expression = ordering.expression().trim();
      if (SqlText.isNumber(expression)) {
        continue;
      }
      boolean listed =
          block.items().stream()
              .anyMatch(
                  i ->
                      sameExpression(i.expression(), expression)
                          || (!i.alias().isEmpty() && sameExpression(i.alias(), expression)));
      if (!listed) {
        outside.add(ordering);
      }
    }
    return outside;
  }

  /**
   * Whether two expressions are the same as far as text tells: case, quotes and spaces aside, and a
   * column qualified on one side only ({@code c.city} and {@code city}).
   */
  private static boolean sameExpression(String a, String b) {
    String x = normalized(a);
    String y = normalized(b);
    if (x.equals(y)) {
      return true;
    }
    Pattern column = Pattern.compile("[\\w$]+(\\.[\\w$]+)?");
    if (column.matcher(x).matches() && column.matcher(y).matches()) {
      boolean bothQualified = x.contains(".") && y.contains(".");
      return !bothQualified
          && x.substring(x.lastIndexOf('.') + 1).equals(y.substring(y.lastIndexOf('.') + 1));
    }
    return false;
  }

  private static String normalized(String expression) {
    return QueryShape.unquote(expression).toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
  }

  private static String orderText(List<QueryShape.Ordering> orderBy) {
    return String.join(", ", orderBy.stream().map(QueryShape.Ordering::text).toList());
  }

  /** {@code table.column} as the statement wrote it: bare when the statement never qualifies it. */
  private String asWritten(String column) {
    int dot = column.lastIndexOf('.');
    if (dot <= 0) {
      return column;
    }
    String qualifier = column.substring(0, dot);
    String name = column.substring(dot + 1);
    boolean aliased = shape.tables.stream().anyMatch(t -> t.alias().equalsIgnoreCase(qualifier));
    boolean writtenQualified =
        Pattern.compile(
                "(?i)\\b" + Pattern.quote(qualifier) + "\\s*\\.\\s*" + Pattern.quote(name) + "\\b")
            .matcher(sql)
            .find();
    return aliased || writtenQualified ? column : name;
  }

  private static String outerAggregate(String nested) {
    int open = nested.indexOf('(');
    return open > 0 ? nested.substring(0, open) + "(t.x)" : "COUNT(*)";
  }

  private boolean inHaving(int offset) {
    int having = sql.toUpperCase(Locale.ROOT).lastIndexOf("HAVING");
    return having >= 0 && offset > having;
  }

  // ---------------------------------------------------------------------------------------
  // division

  private void divisionByZero() {
    List<String> divisors = new ArrayList<>();
    for (String divisor : shape.divisors) {
      if (!SqlText.isNumber(divisor.trim()) || Double.parseDouble(divisor.trim()) == 0) {
        divisors.add(divisor);
      }
    }
    if (divisors.isEmpty() && !shape.parsed) {
      Matcher m = Pattern.compile("/\\s*([\\w.]+(?:\\([^)]*\\))?)").matcher(sql);
      while (m.find()) {
        divisors.add(m.group(1));
      }
    }
    for (String divisor : divisors) {
      suggestions.add("NULLIF(" + divisor + ", 0)");
    }
    identifier = divisors.isEmpty() ? "" : divisors.get(0);
    remedy =
        "A divisor is zero for some rows: wrap it in NULLIF so that those rows give NULL instead of an error, "
            + (suggestions.isEmpty() ? "x / NULLIF(y, 0)" : "… / " + suggestions.get(0))
            + ".";
  }

  // -----------------------------------------------------------------------------------------
  // syntax

  private void syntaxError() {
    List<Construct> found =
        ForeignSyntax.find(sql, syntax, name -> realTable(name).map(Table::name).orElse(name));
    int offset =
        error.position().isPresent()
            ? error.position().getAsInt() - 1
            : SqlText.nearOffset(sql, message);
    Construct best = ForeignSyntax.nearest(found, offset).orElse(null);
    if (best != null) {
      suggestions.add(best.suggestion());
      for (Construct c : found) {
        if (c != best) {
          suggestions.add(c.suggestion());
        }
      }
      identifier = offset >= 0 && offset < sql.length() ? nearText(offset) : "";
      remedy = databaseName + " cannot parse the statement: " + best.remedy() + ".";
      return;
    }
    identifier = offset >= 0 && offset < sql.length() ? nearText(offset) : "";
    remedy =
        databaseName
            + " cannot parse the statement"
            + (identifier.isBlank() ? "" : " near '" + identifier + "'")
            + ". "
            + message
            + (syntax.promptNotes().isEmpty() ? "" : " Note: " + syntax.promptNotes().get(0));
  }

  private String nearText(int offset) {
    String rest = sql.substring(offset).trim();
    return rest.length() > 30 ? rest.substring(0, 30) : rest;
  }

  // ------------------------------------------------------------------------------------------
  // other

  private void other() {
    if (error.sqlState().equals("21000")) {
      remedy =
          "A subquery used as a single value returned more than one row ("
              + message
              + "): compare with IN"
              + " (subquery), or make it return one row with an aggregate (MAX, COUNT) or a key condition.";
      suggestions.add("IN (SELECT …)");
      return;
    }
    remedy =
        (message.isBlank() ? "The database reported an error" : message)
            + (error.sqlState().isBlank() ? "" : " (SQLSTATE " + error.sqlState() + ")")
            + (error.vendorCode() == 0 ? "" : " (code " + error.vendorCode() + ")")
            + ". No specific remedy is known; read the database's message.";
  }

  // ----------------------------------------------------------------------------------------
  // helpers

  private String hint() {
    StringBuilder hint = new StringBuilder(remedy.trim());
    List<String> tables = new ArrayList<>();
    for (String name : involved) {
      realTable(name)
          .ifPresent(
              t -> {
                List<String> columns = t.columnNames();
                String list =
                    columns.size() > MAX_COLUMNS_PER_TABLE
                        ? String.join(", ", columns.subList(0, MAX_COLUMNS_PER_TABLE)) + ", …"
                        : String.join(", ", columns);
                tables.add(t.name() + "(" + list + ")");
              });
    }
    if (!tables.isEmpty() && wantsColumns()) {
      hint.append(" Columns: ").append(String.join("; ", tables)).append('.');
    }
    return hint.toString();
  }

  private boolean wantsColumns() {
    return switch (category) {
      case UNDEFINED_COLUMN,
          UNDEFINED_TABLE,
          AMBIGUOUS_COLUMN,
          GROUPING_ERROR,
          TYPE_MISMATCH,
          UNDEFINED_FUNCTION ->
          true;
      default -> false;
    };
  }

  private List<Table> queryTables() {
    List<Table> tables = new ArrayList<>();
    for (QueryShape.TableRef ref : shape.tables) {
      realTable(ref.name()).filter(t -> !contains(tables, t)).ifPresent(tables::add);
    }
    return tables;
  }

  private Optional<Table> realTable(String name) {
    if (name == null || name.isBlank()) {
      return Optional.empty();
    }
    String clean = QueryShape.unquote(name);
    Optional<Table> table = schema.table(clean);
    return table.isPresent() ? table : schema.table(QueryShape.lastPart(clean));
  }

  private static String names(List<Table> tables) {
    return String.join(", ", tables.stream().map(Table::name).toList());
  }

  private String match(String regex) {
    Matcher m = Pattern.compile(regex).matcher(message);
    return m.find() ? m.group(1) : "";
  }

  /**
   * The name the error position points at ({@code r.user_id}, {@code users}, {@code ifnull}): a
   * language-independent fallback when the message is localized and the dialect extracted nothing.
   */
  private String nameAtPosition() {
    if (error.position().isEmpty()) {
      return "";
    }
    int start = error.position().getAsInt() - 1;
    if (start < 0 || start >= sql.length()) {
      return "";
    }
    Matcher m =
        Pattern.compile("\"?[A-Za-z_][\\w$]*\"?(?:\\.\"?[A-Za-z_][\\w$]*\"?)*").matcher(sql);
    return m.find(start) && m.start() == start ? QueryShape.unquote(m.group()) : "";
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }

  private static List<String> distinct(List<String> values) {
    return List.copyOf(new LinkedHashSet<>(values)).stream().limit(MAX_SUGGESTIONS).toList();
  }

  private static String base(String type) {
    String t = type.toLowerCase(Locale.ROOT).replaceAll("\\(.*\\)", "").trim();
    return t;
  }

  private static boolean isText(String type) {
    String t = base(type);
    return TEXT_TYPES.contains(t) || t.startsWith("varchar") || t.startsWith("char");
  }

  private static boolean isNumber(String type) {
    return NUMBER_TYPES.contains(base(type));
  }

  private static boolean isFloat(String type) {
    String t = base(type);
    return t.equals("double precision")
        || t.equals("real")
        || t.startsWith("float")
        || t.equals("double");
  }

  private static boolean isBoolean(String type) {
    return base(type).startsWith("bool");
  }

  private static boolean isDateLike(String type) {
    String t = base(type);
    return t.startsWith("date") || t.startsWith("timestamp") || t.startsWith("time");
  }
}
