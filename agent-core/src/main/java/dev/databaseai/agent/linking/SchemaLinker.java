package dev.databaseai.agent.linking;

import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.llm.TokenCounter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chooses the tables (and, for wide tables, the columns) a model sees for a question, within a
 * token budget.
 *
 * <p>Tables are scored lexically: question word stems against table names (weighted by how rare the
 * word is in the schema and how much of the name the question covers), column names, comments and
 * known values (enum labels, lookup-table rows); extra {@link TableScorer}s add their scores. The
 * best tables become seeds; the shortest foreign-key paths between seeds are added so the needed
 * joins are possible; then further relevant tables fill the budget. Thread-safe: the only state is
 * an index of the last schema seen, replaced atomically.
 */
public final class SchemaLinker {

  /** Wide tables show at most this many columns (keys, matched columns, then the first ones). */
  static final int WIDE_TABLE_COLUMNS = 24;

  private static final int MAX_SEEDS = 8;
  private static final int MAX_TABLES = 30;
  private static final int PARENT_SEEDS = 3;
  private static final int MAX_PATH_HOPS = 3;
  private static final double SEED_RATIO = 0.30;
  private static final double FILL_RATIO = 0.12;
  private static final Pattern QUOTED = Pattern.compile("'([^']{1,80})'|\"([^\"]{1,80})\"");

  private final TokenCounter tokenCounter;
  private final List<TableScorer> scorers;
  private volatile Index index;

  /** A lexical linker counting tokens with {@code tokenCounter}. */
  public SchemaLinker(TokenCounter tokenCounter) {
    this(tokenCounter, List.of());
  }

  /** A lexical linker whose scores are complemented by {@code scorers}. */
  public SchemaLinker(TokenCounter tokenCounter, List<TableScorer> scorers) {
    this.tokenCounter = Objects.requireNonNull(tokenCounter, "tokenCounter");
    this.scorers = List.copyOf(scorers);
  }

  /**
   * The schema budget for a model: a quarter of its context window (the rest is for instructions,
   * the conversation and the answer), between 1,000 and {@code cap} tokens; {@code cap} when the
   * window is unknown.
   */
  public static int budgetFor(java.util.OptionalInt contextWindow, int cap) {
    if (contextWindow.isEmpty()) {
      return cap;
    }
    return Math.max(1000, Math.min(cap, contextWindow.getAsInt() / 4));
  }

  /** The tokens of the whole schema rendered compactly. */
  public int fullSchemaTokens(SchemaSnapshot schema) {
    return indexFor(schema, null).fullTokens;
  }

  /** The focused context for {@code question} within {@code tokenBudget} tokens. */
  public SchemaContext link(String question, SchemaSnapshot schema, int tokenBudget) {
    return link(question, schema, tokenBudget, KnownValues.NONE, List.of());
  }

  /**
   * The focused context for {@code question} within {@code tokenBudget} tokens.
   *
   * @param knownValues values of columns beyond the declared enum labels (may be {@link
   *     KnownValues#NONE})
   * @param mustInclude tables (qualified or bare names) to include first, e.g. those of an earlier
   *     turn
   */
  public SchemaContext link(
      String question,
      SchemaSnapshot schema,
      int tokenBudget,
      KnownValues knownValues,
      Collection<String> mustInclude) {
    Index idx = indexFor(schema, knownValues);
    Query query = new Query(question);
    Map<Table, Double> scores = new HashMap<>();
    Map<Table, Set<String>> matchedColumns = new HashMap<>();
    for (Table table : schema.tables()) {
      Set<String> matched = new HashSet<>();
      double score = idx.score(table, query, matched);
      for (TableScorer scorer : scorers) {
        score += scorer.score(question, table);
      }
      scores.put(table, score);
      matchedColumns.put(table, matched);
    }
    List<Table> ranked =
        schema.tables().stream()
            .filter(t -> scores.get(t) > 0)
            .sorted(
                Comparator.comparingDouble((Table t) -> -scores.get(t))
                    .thenComparing(Table::qualifiedName))
            .toList();
    double top = ranked.isEmpty() ? 0 : scores.get(ranked.get(0));

    LinkedHashSet<Table> chosen = new LinkedHashSet<>();
    for (String name : mustInclude) {
      schema.table(name).ifPresent(chosen::add);
    }
    List<Table> seeds = new ArrayList<>(chosen);
    for (Table table : ranked) {
      if (seeds.size() >= MAX_SEEDS + chosen.size() || scores.get(table) < top * SEED_RATIO) {
        break;
      }
      if (!seeds.contains(table) && seeds.stream().noneMatch(s -> isDerivedFrom(table, s))) {
        seeds.add(table);
      }
    }
    // seeds in rank order, each followed by the tables that connect it to the earlier seeds
    for (Table seed : seeds) {
      if (!chosen.contains(seed)) {
        for (Table earlier : List.copyOf(chosen)) {
          List<Table> path = idx.path(seed, earlier);
          if (path.size() > 2) {
            chosen.addAll(path.subList(1, path.size() - 1));
          }
        }
        chosen.add(seed);
      }
    }
    // the tables the best seeds reference (names behind ids: customer, employee, country)
    List<Table> baseSeeds =
        seeds.stream()
            .filter(s -> seeds.stream().noneMatch(o -> o != s && isDerivedFrom(s, o)))
            .limit(PARENT_SEEDS)
            .toList();
    for (Table seed : baseSeeds) {
      chosen.addAll(idx.parents.getOrDefault(seed, Set.of()));
    }
    for (Table table : ranked) {
      if (chosen.size() >= MAX_TABLES || scores.get(table) < top * FILL_RATIO) {
        break;
      }
      chosen.add(table);
    }
    if (chosen.isEmpty()) {
      // nothing matched: show the most connected tables, the likeliest centre of any question
      schema.tables().stream()
          .sorted(
              Comparator.comparingInt((Table t) -> -idx.neighbours.getOrDefault(t, Set.of()).size())
                  .thenComparing(Table::qualifiedName))
          .limit(MAX_TABLES)
          .forEach(chosen::add);
    }
    return render(schema, idx, List.copyOf(chosen), matchedColumns, tokenBudget, seeds.size());
  }

  /**
   * Exactly these tables (unknown names skipped), rendered within {@code tokenBudget}; used for
   * retry prompts that carry only the tables involved.
   */
  public SchemaContext render(
      SchemaSnapshot schema, Collection<String> tableNames, String question, int tokenBudget) {
    Index idx = indexFor(schema, null);
    Query query = new Query(question);
    LinkedHashSet<Table> tables = new LinkedHashSet<>();
    Map<Table, Set<String>> matched = new HashMap<>();
    for (String name : tableNames) {
      schema
          .table(name)
          .ifPresent(
              t -> {
                tables.add(t);
                Set<String> m = new HashSet<>();
                idx.score(t, query, m);
                matched.put(t, m);
              });
    }
    return render(schema, idx, List.copyOf(tables), matched, tokenBudget, tables.size());
  }

  private SchemaContext render(
      SchemaSnapshot schema,
      Index idx,
      List<Table> ordered,
      Map<Table, Set<String>> matchedColumns,
      int budget,
      int required) {
    SchemaRenderer renderer = idx.renderer;
    StringBuilder text = new StringBuilder();
    List<Table> included = new ArrayList<>();
    int tokens = 0;
    for (int i = 0; i < ordered.size(); i++) {
      Table table = ordered.get(i);
      Set<String> matched = matchedColumns.getOrDefault(table, Set.of());
      String line;
      if (table.columns().size() > WIDE_TABLE_COLUMNS) {
        Set<String> keep = new HashSet<>(matched);
        for (Column column : table.columns()) {
          if (keep.size() >= WIDE_TABLE_COLUMNS / 2) {
            break;
          }
          keep.add(column.name());
        }
        line = renderer.render(table, c -> keep.contains(c.name()), idx.known.of(table));
      } else {
        line = renderer.render(table, idx.known.of(table));
      }
      int lineTokens = tokenCounter.count(line + "\n");
      if (tokens + lineTokens > budget && !included.isEmpty()) {
        if (i < required) {
          continue; // a smaller later table may still fit
        }
        break;
      }
      text.append(line).append('\n');
      included.add(table);
      tokens += lineTokens;
    }
    return new SchemaContext(included, text.toString(), tokens, idx.fullTokens);
  }

  /** {@code orders_archive} is derived from {@code orders}: same stem plus a suffix. */
  private static boolean isDerivedFrom(Table candidate, Table base) {
    return candidate
        .name()
        .toLowerCase(Locale.ROOT)
        .startsWith(base.name().toLowerCase(Locale.ROOT) + "_");
  }

  /** The index of {@code schema} with {@code extra} values; {@code null} accepts any values. */
  private Index indexFor(SchemaSnapshot schema, KnownValues extra) {
    Index current = index;
    if (current != null
        && current.schema == schema
        && (extra == null || current.extra.equals(extra))) {
      return current;
    }
    Index fresh = new Index(schema, extra == null ? KnownValues.NONE : extra, tokenCounter);
    index = fresh;
    return fresh;
  }

  /** The stems and quoted literals of a question. */
  private static final class Query {
    final Set<String> stems;
    final String lower;
    final List<String> literals = new ArrayList<>();

    Query(String question) {
      stems = new LinkedHashSet<>(Words.textStems(question));
      lower = " " + question.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{Nd}]+", " ") + " ";
      var m = QUOTED.matcher(question);
      while (m.find()) {
        literals.add((m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT));
      }
    }
  }

  /** Per-schema precomputation: stems per table and column, document frequencies, FK graph. */
  private static final class Index {
    final SchemaSnapshot schema;
    final KnownValues extra;
    final KnownValues known;
    final SchemaRenderer renderer;
    final int fullTokens;
    final Map<Table, List<String>> nameStems = new HashMap<>();
    final Map<Table, Map<String, Set<String>>> columnStems = new HashMap<>();
    final Map<Table, Set<String>> commentStems = new HashMap<>();
    final Map<String, Integer> nameDf = new HashMap<>();
    final Map<String, Integer> columnDf = new HashMap<>();
    final Map<Table, Set<Table>> neighbours = new HashMap<>();
    final Map<Table, Set<Table>> parents = new HashMap<>();
    final Map<Table, Set<String>> foreignKeyColumns = new HashMap<>();

    /** Per table and column: each known value lower-cased, and as " words " for phrase search. */
    final Map<Table, Map<String, List<String[]>>> values = new HashMap<>();

    final int tableCount;

    Index(SchemaSnapshot schema, KnownValues extra, TokenCounter counter) {
      this.schema = schema;
      this.extra = extra;
      this.known = KnownValues.declaredIn(schema).plus(extra);
      this.renderer = new SchemaRenderer(schema);
      this.tableCount = Math.max(1, schema.tables().size());
      StringBuilder full = new StringBuilder();
      for (Table table : schema.tables()) {
        full.append(renderer.render(table, known.of(table))).append('\n');
        List<String> stems =
            Words.identifierStems(table.name()).stream().filter(s -> !s.equals("tbl")).toList();
        nameStems.put(table, stems);
        new HashSet<>(stems).forEach(s -> nameDf.merge(s, 1, Integer::sum));
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        Set<String> allColumnStems = new HashSet<>();
        for (Column column : table.columns()) {
          Set<String> cs = new HashSet<>(Words.identifierStems(column.name()));
          cs.addAll(Words.textStems(column.comment()));
          columns.put(column.name(), cs);
          allColumnStems.addAll(cs);
        }
        columnStems.put(table, columns);
        allColumnStems.forEach(s -> columnDf.merge(s, 1, Integer::sum));
        commentStems.put(table, new HashSet<>(Words.textStems(table.comment())));
        Map<String, List<String[]>> tableValues = new HashMap<>();
        known
            .of(table)
            .forEach(
                (column, list) -> {
                  List<String[]> normalized = new ArrayList<>();
                  for (String value : list) {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (v.length() >= 2) {
                      normalized.add(
                          new String[] {
                            v, " " + v.replaceAll("[^\\p{L}\\p{Nd}]+", " ").trim() + " "
                          });
                    }
                  }
                  tableValues.put(column, normalized);
                });
        values.put(table, tableValues);
        Set<String> keyColumns = new HashSet<>();
        table.foreignKeys().forEach(fk -> keyColumns.addAll(fk.columns()));
        foreignKeyColumns.put(table, keyColumns);
        neighbours.computeIfAbsent(table, k -> new LinkedHashSet<>());
      }
      for (Table table : schema.tables()) {
        for (ForeignKey fk : table.foreignKeys()) {
          String target =
              fk.referencedSchema().isEmpty()
                  ? fk.referencedTable()
                  : fk.referencedSchema() + "." + fk.referencedTable();
          schema
              .table(target)
              .or(() -> schema.table(fk.referencedTable()))
              .ifPresent(
                  other -> {
                    if (other != table) {
                      neighbours.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(other);
                      parents.computeIfAbsent(table, k -> new LinkedHashSet<>()).add(other);
                      neighbours.computeIfAbsent(other, k -> new LinkedHashSet<>()).add(table);
                    }
                  });
        }
      }
      this.fullTokens = counter.count(full.toString());
    }

    double idf(Map<String, Integer> df, String stem) {
      return Math.log(1.0 + (double) tableCount / (1 + df.getOrDefault(stem, 0)));
    }

    double score(Table table, Query query, Set<String> matchedColumns) {
      double score = 0;
      List<String> name = nameStems.get(table);
      int covered = 0;
      for (String stem : new LinkedHashSet<>(name)) {
        if (query.stems.contains(stem)) {
          covered++;
          score += 3 * idf(nameDf, stem);
        }
      }
      if (!name.isEmpty() && covered > 0) {
        double coverage = (double) covered / new HashSet<>(name).size();
        score *= 0.5 + coverage;
        if (coverage == 1.0) {
          score += 2;
        }
      }
      Map<String, Set<String>> columns = columnStems.get(table);
      Set<String> fkColumns = foreignKeyColumns.get(table);
      for (String stem : query.stems) {
        double weight = 0;
        for (Map.Entry<String, Set<String>> column : columns.entrySet()) {
          if (column.getValue().contains(stem)) {
            matchedColumns.add(column.getKey());
            // a key column names another table, which earns its own score
            weight = Math.max(weight, fkColumns.contains(column.getKey()) ? 0.25 : 0.8);
          }
        }
        if (weight > 0) {
          score += weight * idf(columnDf, stem);
        } else if (commentStems.get(table).contains(stem)) {
          score += 0.5 * idf(columnDf, stem);
        }
      }
      for (Map.Entry<String, List<String[]>> column :
          values.getOrDefault(table, Map.of()).entrySet()) {
        for (String[] value : column.getValue()) {
          if (query.literals.contains(value[0]) || query.lower.contains(value[1])) {
            score += 6;
            matchedColumns.add(column.getKey());
            break;
          }
        }
      }
      return score;
    }

    /** The shortest FK path from {@code from} to {@code to} (both included), or empty. */
    List<Table> path(Table from, Table to) {
      Map<Table, Table> previous = new HashMap<>();
      Deque<Table> queue = new ArrayDeque<>();
      Map<Table, Integer> depth = new HashMap<>();
      queue.add(from);
      depth.put(from, 0);
      while (!queue.isEmpty()) {
        Table current = queue.poll();
        if (current == to) {
          List<Table> path = new ArrayList<>();
          for (Table t = to; t != null; t = previous.get(t)) {
            path.add(0, t);
          }
          return path;
        }
        if (depth.get(current) >= MAX_PATH_HOPS) {
          continue;
        }
        for (Table next : neighbours.getOrDefault(current, Set.of())) {
          if (!depth.containsKey(next)) {
            depth.put(next, depth.get(current) + 1);
            previous.put(next, current);
            queue.add(next);
          }
        }
      }
      return List.of();
    }
  }
}
