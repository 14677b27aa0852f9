package dev.databaseai.agent.linking;

import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.llm.TokenCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
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
 * joins are possible; then further relevant tables fill the budget.
 *
 * <p>Everything that depends only on the schema (stems, their rarity, the foreign-key graph, each
 * table's rendering) is indexed once per {@link SchemaSnapshot} instance and known values, so a
 * question costs a pass over precomputed arrays. The linker keeps the index of the last snapshot
 * only: use one linker per schema (as {@code SqlAgent} does), since alternating snapshots rebuilds
 * it each time. Thread-safe: the index is immutable and replaced atomically.
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
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{Nd}]+");

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
    int n = idx.size;
    double[] scores = new double[n];
    List<Set<String>> matchedColumns = new ArrayList<>(Collections.nCopies(n, Set.of()));
    Set<String> matched = new HashSet<>();
    for (int t = 0; t < n; t++) {
      double score = idx.score(t, query, matched);
      for (TableScorer scorer : scorers) {
        score += scorer.score(question, idx.tables.get(t));
      }
      scores[t] = score;
      if (!matched.isEmpty()) {
        matchedColumns.set(t, Set.copyOf(matched));
        matched.clear();
      }
    }
    List<Integer> ranked = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      if (scores[t] > 0) {
        ranked.add(t);
      }
    }
    ranked.sort(
        Comparator.comparingDouble((Integer t) -> -scores[t])
            .thenComparing(t -> idx.qualifiedNames[t]));
    double top = ranked.isEmpty() ? 0 : scores[ranked.get(0)];

    LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
    for (String name : mustInclude) {
      int t = idx.find(name);
      if (t >= 0) {
        chosen.add(t);
      }
    }
    List<Integer> seeds = new ArrayList<>(chosen);
    for (int table : ranked) {
      if (seeds.size() >= MAX_SEEDS + chosen.size() || scores[table] < top * SEED_RATIO) {
        break;
      }
      if (!seeds.contains(table) && seeds.stream().noneMatch(s -> idx.isDerivedFrom(table, s))) {
        seeds.add(table);
      }
    }
    // seeds in rank order, each followed by the tables that connect it to the earlier seeds
    for (int seed : seeds) {
      if (!chosen.contains(seed)) {
        for (int earlier : List.copyOf(chosen)) {
          int[] path = idx.path(seed, earlier);
          for (int k = 1; k < path.length - 1; k++) {
            chosen.add(path[k]);
          }
        }
        chosen.add(seed);
      }
    }
    // the tables the best seeds reference (names behind ids: customer, employee, country)
    List<Integer> baseSeeds =
        seeds.stream()
            .filter(s -> seeds.stream().noneMatch(o -> !o.equals(s) && idx.isDerivedFrom(s, o)))
            .limit(PARENT_SEEDS)
            .toList();
    for (int seed : baseSeeds) {
      for (int parent : idx.parents[seed]) {
        chosen.add(parent);
      }
    }
    for (int table : ranked) {
      if (chosen.size() >= MAX_TABLES || scores[table] < top * FILL_RATIO) {
        break;
      }
      chosen.add(table);
    }
    if (chosen.isEmpty()) {
      // nothing matched: show the most connected tables, the likeliest centre of any question
      chosen.addAll(idx.mostConnected);
    }
    return render(idx, List.copyOf(chosen), matchedColumns, tokenBudget, seeds.size());
  }

  /**
   * Exactly these tables (unknown names skipped), rendered within {@code tokenBudget}; used for
   * retry prompts that carry only the tables involved.
   */
  public SchemaContext render(
      SchemaSnapshot schema, Collection<String> tableNames, String question, int tokenBudget) {
    Index idx = indexFor(schema, null);
    Query query = new Query(question);
    LinkedHashSet<Integer> tables = new LinkedHashSet<>();
    List<Set<String>> matched = new ArrayList<>(Collections.nCopies(idx.size, Set.of()));
    for (String name : tableNames) {
      int t = idx.find(name);
      if (t >= 0) {
        tables.add(t);
        Set<String> m = new HashSet<>();
        idx.score(t, query, m);
        matched.set(t, m);
      }
    }
    return render(idx, List.copyOf(tables), matched, tokenBudget, tables.size());
  }

  private SchemaContext render(
      Index idx,
      List<Integer> ordered,
      List<Set<String>> matchedColumns,
      int budget,
      int required) {
    StringBuilder text = new StringBuilder();
    List<Table> included = new ArrayList<>();
    int tokens = 0;
    for (int i = 0; i < ordered.size(); i++) {
      int t = ordered.get(i);
      Table table = idx.tables.get(t);
      String line;
      int lineTokens;
      if (table.columns().size() > WIDE_TABLE_COLUMNS) {
        Set<String> keep = new HashSet<>(matchedColumns.get(t));
        for (Column column : table.columns()) {
          if (keep.size() >= WIDE_TABLE_COLUMNS / 2) {
            break;
          }
          keep.add(column.name());
        }
        line = idx.renderer.render(table, c -> keep.contains(c.name()), idx.known.get(t));
        lineTokens = tokenCounter.count(line + "\n");
      } else {
        line = idx.lines[t];
        lineTokens = idx.lineTokens(t, tokenCounter);
      }
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
      lower = " " + NON_WORD.matcher(question.toLowerCase(Locale.ROOT)).replaceAll(" ") + " ";
      var m = QUOTED.matcher(question);
      while (m.find()) {
        literals.add((m.group(1) != null ? m.group(1) : m.group(2)).toLowerCase(Locale.ROOT));
      }
    }
  }

  /**
   * What a column-side stem of a table is worth: its score (weight × rarity, precomputed) and the
   * columns it matches.
   */
  private record StemHit(double score, List<String> columns) {}

  /**
   * Everything about one snapshot that does not depend on the question, built once and shared by
   * every question on that snapshot. Tables are addressed by their position in the snapshot, so no
   * question hashes a {@link Table} record (whose hash walks every column). Immutable after
   * construction except {@link #lineTokens}, a cache of idempotent counts.
   */
  private static final class Index {
    final SchemaSnapshot schema;
    final KnownValues extra;
    final List<Table> tables;
    final int size;
    final SchemaRenderer renderer;
    final int fullTokens;

    /** Per table: qualified name, lower-case name, that + "_", known values, full rendering. */
    final String[] qualifiedNames;

    final String[] lowerNames;
    final String[] derivedPrefixes;
    final List<Map<String, List<String>>> known;
    final String[] lines;

    /** Token counts of {@link #lines}, counted on first use; -1 until then. */
    private final int[] lineTokens;

    /** Per table: distinct name stems and what each earns (3 × rarity). */
    final String[][] nameStems;

    final double[][] nameStemScores;

    /** Per table: column and comment stems and what each earns. */
    final List<Map<String, StemHit>> stemHits;

    /** Per table and column: each known value lower-cased, and as " words " for phrase search. */
    final List<Map<String, List<String[]>>> values;

    /** Per table: the FK graph, both directions and references only, in declaration order. */
    final int[][] neighbours;

    final int[][] parents;

    /** The tables shown when nothing matches: most connected first. */
    final List<Integer> mostConnected;

    private final Map<String, Integer> byQualifiedName = new HashMap<>();
    private final Map<String, Integer> byName = new HashMap<>();

    Index(SchemaSnapshot schema, KnownValues extra, TokenCounter counter) {
      this.schema = schema;
      this.extra = extra;
      this.tables = schema.tables();
      this.size = tables.size();
      KnownValues allKnown = KnownValues.declaredIn(schema).plus(extra);
      this.renderer = new SchemaRenderer(schema);
      qualifiedNames = new String[size];
      lowerNames = new String[size];
      derivedPrefixes = new String[size];
      known = new ArrayList<>(size);
      lines = new String[size];
      lineTokens = new int[size];
      Arrays.fill(lineTokens, -1);
      nameStems = new String[size][];
      nameStemScores = new double[size][];
      stemHits = new ArrayList<>(size);
      values = new ArrayList<>(size);
      neighbours = new int[size][];
      parents = new int[size][];

      Map<String, Integer> nameDf = new HashMap<>();
      Map<String, Integer> columnDf = new HashMap<>();
      List<Map<String, Set<String>>> columnStems = new ArrayList<>(size);
      List<Set<String>> commentStems = new ArrayList<>(size);
      // column names and comments repeat across tables (id, name, created_at): stem each once
      Map<String, List<String>> identifierStems = new HashMap<>();
      Map<String, List<String>> textStems = new HashMap<>();
      StringBuilder full = new StringBuilder();
      for (int t = 0; t < size; t++) {
        Table table = tables.get(t);
        qualifiedNames[t] = table.qualifiedName();
        byQualifiedName.putIfAbsent(qualifiedNames[t].toLowerCase(Locale.ROOT), t);
        lowerNames[t] = table.name().toLowerCase(Locale.ROOT);
        byName.putIfAbsent(lowerNames[t], t);
        derivedPrefixes[t] = lowerNames[t] + "_";
        Map<String, List<String>> tableKnown = allKnown.of(table);
        known.add(tableKnown);
        lines[t] = renderer.render(table, tableKnown);
        full.append(lines[t]).append('\n');
        nameStems[t] =
            new LinkedHashSet<>(Words.identifierStems(table.name()))
                .stream().filter(s -> !s.equals("tbl")).toArray(String[]::new);
        for (String stem : nameStems[t]) {
          nameDf.merge(stem, 1, Integer::sum);
        }
        Map<String, Set<String>> columns = new LinkedHashMap<>();
        Set<String> allColumnStems = new HashSet<>();
        for (Column column : table.columns()) {
          Set<String> cs =
              new HashSet<>(identifierStems.computeIfAbsent(column.name(), Words::identifierStems));
          cs.addAll(textStems.computeIfAbsent(column.comment(), Words::textStems));
          columns.put(column.name(), cs);
          allColumnStems.addAll(cs);
        }
        columnStems.add(columns);
        allColumnStems.forEach(s -> columnDf.merge(s, 1, Integer::sum));
        commentStems.add(new HashSet<>(Words.textStems(table.comment())));
        Map<String, List<String[]>> tableValues = new HashMap<>();
        tableKnown.forEach(
            (column, list) -> {
              List<String[]> normalized = new ArrayList<>();
              for (String value : list) {
                String v = value.toLowerCase(Locale.ROOT);
                if (v.length() >= 2) {
                  normalized.add(
                      new String[] {v, " " + NON_WORD.matcher(v).replaceAll(" ").trim() + " "});
                }
              }
              tableValues.put(column, normalized);
            });
        values.add(tableValues.isEmpty() ? Map.of() : tableValues);
      }
      this.fullTokens = counter.count(full.toString());

      int tableCount = Math.max(1, size);
      for (int t = 0; t < size; t++) {
        double[] nameScores = new double[nameStems[t].length];
        for (int k = 0; k < nameScores.length; k++) {
          nameScores[k] = 3 * idf(tableCount, nameDf, nameStems[t][k]);
        }
        nameStemScores[t] = nameScores;
        stemHits.add(stemHits(tables.get(t), columnStems.get(t), commentStems.get(t), columnDf));
      }

      List<Set<Integer>> links = new ArrayList<>(size);
      List<Set<Integer>> references = new ArrayList<>(size);
      for (int t = 0; t < size; t++) {
        links.add(new LinkedHashSet<>());
        references.add(new LinkedHashSet<>());
      }
      for (int t = 0; t < size; t++) {
        for (ForeignKey fk : tables.get(t).foreignKeys()) {
          String target =
              fk.referencedSchema().isEmpty()
                  ? fk.referencedTable()
                  : fk.referencedSchema() + "." + fk.referencedTable();
          int other = find(target);
          if (other < 0) {
            other = find(fk.referencedTable());
          }
          if (other >= 0 && other != t) {
            links.get(t).add(other);
            references.get(t).add(other);
            links.get(other).add(t);
          }
        }
      }
      for (int t = 0; t < size; t++) {
        neighbours[t] = links.get(t).stream().mapToInt(Integer::intValue).toArray();
        parents[t] = references.get(t).stream().mapToInt(Integer::intValue).toArray();
      }
      List<Integer> connected = new ArrayList<>();
      for (int t = 0; t < size; t++) {
        connected.add(t);
      }
      connected.sort(
          Comparator.comparingInt((Integer t) -> -neighbours[t].length)
              .thenComparing(t -> qualifiedNames[t]));
      mostConnected = List.copyOf(connected.subList(0, Math.min(MAX_TABLES, size)));
    }

    /**
     * Per stem of a table's columns and comment, what a question stem earns: the best column weight
     * (a key column names another table, which earns its own score) times the stem's rarity among
     * columns; a stem only in the table comment earns half its rarity.
     */
    private Map<String, StemHit> stemHits(
        Table table,
        Map<String, Set<String>> columns,
        Set<String> comment,
        Map<String, Integer> columnDf) {
      Set<String> keyColumns = new HashSet<>();
      table.foreignKeys().forEach(fk -> keyColumns.addAll(fk.columns()));
      Map<String, Double> weights = new HashMap<>();
      Map<String, List<String>> matched = new HashMap<>();
      columns.forEach(
          (column, stems) -> {
            double weight = keyColumns.contains(column) ? 0.25 : 0.8;
            for (String stem : stems) {
              weights.merge(stem, weight, Math::max);
              matched.computeIfAbsent(stem, k -> new ArrayList<>()).add(column);
            }
          });
      int tableCount = Math.max(1, size);
      Map<String, StemHit> hits = new HashMap<>();
      weights.forEach(
          (stem, weight) ->
              hits.put(
                  stem,
                  new StemHit(
                      weight * idf(tableCount, columnDf, stem), List.copyOf(matched.get(stem)))));
      for (String stem : comment) {
        hits.putIfAbsent(stem, new StemHit(0.5 * idf(tableCount, columnDf, stem), List.of()));
      }
      return hits;
    }

    static double idf(int tableCount, Map<String, Integer> df, String stem) {
      return Math.log(1.0 + (double) tableCount / (1 + df.getOrDefault(stem, 0)));
    }

    /** The position of the table named {@code name}, as {@link SchemaSnapshot#table}; or -1. */
    int find(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      Integer t = byQualifiedName.get(lower);
      if (t == null) {
        t = byName.get(lower);
      }
      return t == null ? -1 : t;
    }

    /** {@code orders_archive} is derived from {@code orders}: same stem plus a suffix. */
    boolean isDerivedFrom(int candidate, int base) {
      return lowerNames[candidate].startsWith(derivedPrefixes[base]);
    }

    int lineTokens(int t, TokenCounter counter) {
      int tokens = lineTokens[t];
      if (tokens < 0) {
        tokens = counter.count(lines[t] + "\n");
        lineTokens[t] = tokens; // a racing thread counts the same: an int write is atomic
      }
      return tokens;
    }

    /** The lexical score of table {@code t} for {@code query}; adds the matched columns. */
    double score(int t, Query query, Set<String> matchedColumns) {
      double score = 0;
      String[] name = nameStems[t];
      int covered = 0;
      for (int k = 0; k < name.length; k++) {
        if (query.stems.contains(name[k])) {
          covered++;
          score += nameStemScores[t][k];
        }
      }
      if (covered > 0) {
        double coverage = (double) covered / name.length;
        score *= 0.5 + coverage;
        if (coverage == 1.0) {
          score += 2;
        }
      }
      Map<String, StemHit> hits = stemHits.get(t);
      for (String stem : query.stems) {
        StemHit hit = hits.get(stem);
        if (hit != null) {
          matchedColumns.addAll(hit.columns());
          score += hit.score();
        }
      }
      for (Map.Entry<String, List<String[]>> column : values.get(t).entrySet()) {
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
    int[] path(int from, int to) {
      int[] previous = new int[size];
      int[] depth = new int[size];
      Arrays.fill(depth, -1);
      int[] queue = new int[size];
      int head = 0;
      int tail = 0;
      queue[tail++] = from;
      depth[from] = 0;
      while (head < tail) {
        int current = queue[head++];
        if (current == to) {
          int[] path = new int[depth[to] + 1];
          for (int t = to, k = path.length - 1; k >= 0; t = previous[t], k--) {
            path[k] = t;
          }
          return path;
        }
        if (depth[current] >= MAX_PATH_HOPS) {
          continue;
        }
        for (int next : neighbours[current]) {
          if (depth[next] < 0) {
            depth[next] = depth[current] + 1;
            previous[next] = current;
            queue[tail++] = next;
          }
        }
      }
      return new int[0];
    }
  }
}
