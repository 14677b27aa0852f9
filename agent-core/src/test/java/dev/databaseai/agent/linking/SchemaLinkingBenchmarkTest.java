package dev.databaseai.agent.linking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.llm.TokenCounter;
import dev.databaseai.testkit.schemas.BenchmarkQuestions;
import dev.databaseai.testkit.schemas.BenchmarkQuestions.Question;
import dev.databaseai.testkit.schemas.BenchmarkSchemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Recall and size of the linked context on two generated 300-table schemas with confusable names
 * ({@link BenchmarkSchemas}, questions in {@link BenchmarkQuestions}): a question is covered when
 * every table its correct SQL needs is in the context. Prints the figures reported in
 * docs/benchmarks.md.
 */
class SchemaLinkingBenchmarkTest {

  /**
   * The values the agent samples from small lookup tables (see {@code SqlAgent}'s lookup sampling):
   * what a real database would hold in these rows.
   */
  static KnownValues lookupValues(String schema) {
    Map<String, Map<String, List<String>>> values = new HashMap<>();
    BenchmarkSchemas.lookupLabels()
        .forEach((table, labels) -> values.put(schema + "." + table, Map.of("name", labels)));
    return new KnownValues(values);
  }

  @Test
  void linkedContextHoldsTheNeededTablesForAtLeast95PercentOfQuestionsWithinAQuarterOfTheSchema() {
    TokenCounter counter = TokenCounter.approximate();
    SchemaLinker linker = new SchemaLinker(counter);
    int budget = SchemaLinker.budgetFor(OptionalInt.of(32_768), 4_000);
    List<String> report = new ArrayList<>();
    int covered = 0;
    int total = 0;
    double ratioSum = 0;
    double maxRatio = 0;
    int naiveCovered = 0;
    long linkNanos = 0;
    long buildNanos = 0;
    double naiveRatio = 0;
    SchemaSnapshot shop = BenchmarkSchemas.shop();
    SchemaSnapshot netHr = BenchmarkSchemas.netHr();
    int heldOutCovered = 0;
    int heldOutTotal = 0;
    double heldOutRatio = 0;
    for (var entry :
        List.of(
            Map.entry(shop, BenchmarkQuestions.SHOP_HELD_OUT),
            Map.entry(netHr, BenchmarkQuestions.NET_HR_HELD_OUT))) {
      for (Question c : entry.getValue()) {
        SchemaContext context =
            linker.link(
                c.question(),
                entry.getKey(),
                budget,
                lookupValues(entry.getKey().tables().get(0).schema()),
                List.of());
        Set<String> names =
            context.tables().stream()
                .map(t -> t.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        heldOutTotal++;
        heldOutRatio += (double) context.tokens() / context.fullSchemaTokens();
        if (names.containsAll(c.tables())) {
          heldOutCovered++;
        } else {
          report.add(
              "HELD-OUT MISSED "
                  + c.question()
                  + " missing "
                  + c.tables().stream().filter(g -> !names.contains(g)).toList());
        }
      }
    }
    for (var entry :
        List.of(
            Map.entry(shop, BenchmarkQuestions.SHOP),
            Map.entry(netHr, BenchmarkQuestions.NET_HR))) {
      SchemaSnapshot schema = entry.getKey();
      assertThat(schema.tables()).hasSize(300);
      long b0 = System.nanoTime();
      // the first call builds the per-schema index (stems, frequencies, FK graph, full rendering)
      int full =
          linker
              .link("", schema, budget, lookupValues(schema.tables().get(0).schema()), List.of())
              .fullSchemaTokens();
      buildNanos += System.nanoTime() - b0;
      int schemaCovered = 0;
      double schemaRatio = 0;
      for (Question c : entry.getValue()) {
        long t0 = System.nanoTime();
        SchemaContext context =
            linker.link(
                c.question(),
                schema,
                budget,
                lookupValues(schema.tables().get(0).schema()),
                List.of());
        linkNanos += System.nanoTime() - t0;
        Set<String> names =
            context.tables().stream()
                .map(t -> t.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        boolean ok = names.containsAll(c.tables());
        double ratio = (double) context.tokens() / full;
        if (ok) {
          schemaCovered++;
        } else {
          report.add(
              "MISSED "
                  + c.question()
                  + " missing "
                  + c.tables().stream().filter(g -> !names.contains(g)).toList()
                  + " got "
                  + context.tableNames().size()
                  + " tables: "
                  + context.tables().stream().map(t -> t.name()).toList());
        }
        schemaRatio += ratio;
        // baseline: tables whose name shares a plain lower-case word with the question, no
        // stemming, no joins
        Set<String> words =
            new java.util.HashSet<>(
                List.of(c.question().toLowerCase(Locale.ROOT).split("[^a-z0-9]+")));
        List<dev.databaseai.dialect.schema.Table> naive =
            schema.tables().stream()
                .filter(t -> Words.splitIdentifier(t.name()).stream().anyMatch(words::contains))
                .toList();
        SchemaRenderer renderer = new SchemaRenderer(schema);
        int naiveTokens =
            counter.count(
                naive.stream()
                    .map(t -> renderer.render(t, java.util.Map.of()) + "\n")
                    .collect(Collectors.joining()));
        naiveCovered +=
            naive.stream().map(t -> t.name()).collect(Collectors.toSet()).containsAll(c.tables())
                ? 1
                : 0;
        naiveRatio += (double) naiveTokens / full;
        maxRatio = Math.max(maxRatio, ratio);
        assertThat(context.tokens()).isLessThanOrEqualTo(budget);
      }
      report.add(
          String.format(
              Locale.ROOT,
              "%s: %d tables, full schema %d tokens, %d/%d questions fully covered, mean context %.1f%% of full",
              schema.tables().get(0).schema(),
              schema.tables().size(),
              full,
              schemaCovered,
              entry.getValue().size(),
              100 * schemaRatio / entry.getValue().size()));
      covered += schemaCovered;
      total += entry.getValue().size();
      ratioSum += schemaRatio;
    }
    double recall = (double) covered / total;
    report.add(
        String.format(
            Locale.ROOT,
            "TOTAL: %d questions, recall %.1f%% (%d/%d), mean context %.1f%%, max %.1f%% of full schema tokens, budget %d tokens",
            total,
            100 * recall,
            covered,
            total,
            100 * ratioSum / total,
            100 * maxRatio,
            budget));
    report.add(
        String.format(
            Locale.ROOT,
            "link time: mean %.2f ms per question; index build %.0f ms per schema",
            linkNanos / 1e6 / total,
            buildNanos / 1e6 / 2));
    report.add(
        String.format(
            Locale.ROOT,
            "BASELINE name-word match: recall %.1f%% (%d/%d), mean context %.1f%% of full schema tokens",
            100.0 * naiveCovered / total,
            naiveCovered,
            total,
            100 * naiveRatio / total));
    report.add(
        String.format(
            Locale.ROOT,
            "HELD-OUT: %d questions, recall %.1f%% (%d/%d), mean context %.1f%% of full schema tokens",
            heldOutTotal,
            100.0 * heldOutCovered / heldOutTotal,
            heldOutCovered,
            heldOutTotal,
            100 * heldOutRatio / heldOutTotal));
    report.forEach(System.out::println);
    assertThat((double) heldOutCovered / heldOutTotal).isGreaterThanOrEqualTo(0.75);
    assertThat(total).isGreaterThanOrEqualTo(40);
    assertThat(recall).isGreaterThanOrEqualTo(0.95);
    assertThat(ratioSum / total).isLessThanOrEqualTo(0.25);
    assertThat(maxRatio).isLessThanOrEqualTo(0.27);
  }
}
