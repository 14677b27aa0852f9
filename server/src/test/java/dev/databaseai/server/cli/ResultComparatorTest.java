package dev.databaseai.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultComparatorTest {

  private final ResultComparator comparator = new ResultComparator();

  @Test
  void identicalResultsMatch() {
    ResultTable gold = table(List.of("name", "devices"), row("Berlin", 12), row("Paris", 9));
    assertThat(comparator.compare(gold, gold, true).matches()).isTrue();
  }

  @Test
  void rowOrderIsFreeWhenTheGoldSqlDoesNotOrder() {
    ResultTable gold = table(List.of("name", "devices"), row("Berlin", 12), row("Paris", 9));
    ResultTable answer = table(List.of("name", "devices"), row("Paris", 9), row("Berlin", 12));
    assertThat(comparator.compare(gold, answer, false).matches()).isTrue();
  }

  @Test
  void rowOrderMattersWhenTheGoldSqlOrders() {
    ResultTable gold = table(List.of("name", "devices"), row("Berlin", 12), row("Paris", 9));
    ResultTable answer = table(List.of("name", "devices"), row("Paris", 9), row("Berlin", 12));
    ResultComparator.Comparison verdict = comparator.compare(gold, answer, true);
    assertThat(verdict.matches()).isFalse();
    assertThat(verdict.reason()).contains("different order");
  }

  @Test
  void columnOrderAndNamesAreFree() {
    ResultTable gold = table(List.of("name", "devices"), row("Berlin", 12), row("Paris", 9));
    ResultTable answer = table(List.of("cnt", "site"), row(12, "Berlin"), row(9, "Paris"));
    assertThat(comparator.compare(gold, answer, true).matches()).isTrue();
  }

  @Test
  void columnsWithEqualValueSetsAreMappedSoThatRowsMatch() {
    // Both columns hold {1, 2}; only the crossed mapping reproduces the rows.
    ResultTable gold = table(List.of("a", "b"), row(1, 2), row(2, 1), row(1, 1));
    ResultTable answer = table(List.of("b", "a"), row(1, 2), row(2, 1), row(1, 1));
    assertThat(comparator.compare(gold, answer, false).matches()).isTrue();
    ResultTable shuffled = table(List.of("x", "y"), row(2, 2), row(1, 1), row(1, 2));
    assertThat(comparator.compare(gold, shuffled, false).matches()).isFalse();
  }

  @Test
  void valuesRecombinedIntoOtherRowsDoNotMatch() {
    ResultTable gold = table(List.of("name", "devices"), row("Berlin", 12), row("Paris", 9));
    ResultTable answer = table(List.of("name", "devices"), row("Berlin", 9), row("Paris", 12));
    ResultComparator.Comparison verdict = comparator.compare(gold, answer, false);
    assertThat(verdict.matches()).isFalse();
    assertThat(verdict.reason()).contains("different rows");
  }

  @Test
  void numbersCompareByValueAcrossTypes() {
    ResultTable gold = table(List.of("v"), row(new BigDecimal("2.50")), row(3L), row(true));
    ResultTable answer = table(List.of("v"), row(2.5d), row(new BigDecimal("3.000")), row(1));
    assertThat(comparator.compare(gold, answer, true).matches()).isTrue();
  }

  @Test
  void numericStringsCompareAsNumbers() {
    ResultTable gold = table(List.of("v"), row(new BigDecimal("12.30")));
    ResultTable answer = table(List.of("v"), row("12.3"));
    assertThat(comparator.compare(gold, answer, true).matches()).isTrue();
  }

  @Test
  void numbersWithinTheRelativeToleranceAreEqual() {
    ResultTable gold = table(List.of("avg"), row(new BigDecimal("3.3333333333")));
    assertThat(comparator.compare(gold, table(List.of("avg"), row(3.33333333d)), true).matches())
        .isTrue();
    assertThat(comparator.compare(gold, table(List.of("avg"), row(3.33d)), true).matches())
        .isFalse();
    ResultTable large = table(List.of("sum"), row(1_000_000_000d));
    assertThat(
            comparator.compare(large, table(List.of("sum"), row(1_000_000_500d)), true).matches())
        .isTrue();
    assertThat(
            comparator.compare(large, table(List.of("sum"), row(1_000_100_000d)), true).matches())
        .isFalse();
  }

  @Test
  void aLooserToleranceAcceptsRoundedAnswers() {
    ResultTable gold = table(List.of("avg"), row(new BigDecimal("3.3333333333")));
    assertThat(
            new ResultComparator(0.01)
                .compare(gold, table(List.of("avg"), row(3.33d)), true)
                .matches())
        .isTrue();
  }

  @Test
  void toleranceWorksForUnorderedRowsThatSortDifferentlyOnEachSide() {
    ResultTable gold = table(List.of("v", "k"), row(1.0000001d, "b"), row(1.0d, "a"));
    ResultTable answer = table(List.of("v", "k"), row(1.0d, "b"), row(1.0000001d, "a"));
    assertThat(comparator.compare(gold, answer, false).matches()).isTrue();
  }

  @Test
  void nullsEqualOnlyNulls() {
    ResultTable gold = table(List.of("v"), row((Object) null), row("x"));
    assertThat(
            comparator
                .compare(gold, table(List.of("v"), row("x"), row((Object) null)), false)
                .matches())
        .isTrue();
    assertThat(comparator.compare(gold, table(List.of("v"), row("x"), row("")), false).matches())
        .isFalse();
  }

  @Test
  void datesAndTimestampsCompareByIsoText() {
    ResultTable gold =
        table(
            List.of("day", "at"),
            row(Date.valueOf("2026-10-01"), Timestamp.valueOf("2026-10-01 10:15:00")),
            row(LocalDate.of(2026, 10, 2), LocalDateTime.of(2026, 10, 2, 8, 0, 30, 500_000_000)));
    ResultTable answer =
        table(
            List.of("day", "at"),
            row("2026-10-01", "2026-10-01T10:15"),
            row("2026-10-02", "2026-10-02 08:00:30.500"));
    assertThat(comparator.compare(gold, answer, true).matches()).isTrue();
  }

  @Test
  void differentRowCountsAreReported() {
    ResultTable gold = table(List.of("v"), row(1), row(2));
    ResultComparator.Comparison verdict =
        comparator.compare(gold, table(List.of("v"), row(1)), false);
    assertThat(verdict.matches()).isFalse();
    assertThat(verdict.reason()).isEqualTo("expected 2 rows, got 1");
  }

  @Test
  void differentColumnCountsAreReportedWithTheNames() {
    ResultTable gold = table(List.of("hostname"), row("a"));
    ResultComparator.Comparison verdict =
        comparator.compare(gold, table(List.of("id", "hostname"), row(1, "a")), false);
    assertThat(verdict.matches()).isFalse();
    assertThat(verdict.reason()).isEqualTo("expected 1 column [hostname], got 2 [id, hostname]");
  }

  @Test
  void aColumnWhoseValuesAppearNowhereIsNamed() {
    ResultTable gold = table(List.of("name", "devices"), row("Berlin", 12));
    ResultComparator.Comparison verdict =
        comparator.compare(gold, table(List.of("name", "devices"), row("Berlin", 13)), false);
    assertThat(verdict.matches()).isFalse();
    assertThat(verdict.reason()).contains("'devices'");
  }

  @Test
  void emptyResultsWithTheSameColumnsMatch() {
    ResultTable gold = table(List.of("a", "b"));
    assertThat(comparator.compare(gold, table(List.of("x", "y")), true).matches()).isTrue();
  }

  @Test
  void duplicateRowsCountAsABag() {
    ResultTable gold = table(List.of("v"), row("a"), row("a"), row("b"));
    assertThat(
            comparator
                .compare(gold, table(List.of("v"), row("a"), row("b"), row("a")), false)
                .matches())
        .isTrue();
    assertThat(
            comparator
                .compare(gold, table(List.of("v"), row("a"), row("b"), row("b")), false)
                .matches())
        .isFalse();
  }

  @Test
  void manyIdenticalColumnsStillCompareQuickly() {
    List<String> names = new ArrayList<>();
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      names.add("c" + i);
      values.add(7);
    }
    ResultTable gold = table(names, values, values);
    List<Object> other = new ArrayList<>(values);
    other.set(11, 8);
    long start = System.nanoTime();
    assertThat(comparator.compare(gold, table(names, values, other), false).matches()).isFalse();
    assertThat(comparator.compare(gold, table(names, values, values), false).matches()).isTrue();
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
  }

  @Test
  void detectsATopLevelOrderBy() {
    assertThat(ResultComparator.ordersRows("SELECT a FROM t ORDER BY a")).isTrue();
    assertThat(ResultComparator.ordersRows("select a from t order\n  by a desc limit 3")).isTrue();
    assertThat(ResultComparator.ordersRows("SELECT a FROM t UNION SELECT b FROM u ORDER BY 1"))
        .isTrue();
  }

  @Test
  void ignoresOrderByInsideSubqueriesWindowsStringsAndComments() {
    assertThat(ResultComparator.ordersRows("SELECT * FROM (SELECT a FROM t ORDER BY a LIMIT 5) x"))
        .isFalse();
    assertThat(ResultComparator.ordersRows("SELECT a, rank() OVER (ORDER BY b) FROM t")).isFalse();
    assertThat(ResultComparator.ordersRows("SELECT 'order by x' AS s FROM t")).isFalse();
    assertThat(ResultComparator.ordersRows("SELECT a FROM t -- ORDER BY a\n")).isFalse();
    assertThat(ResultComparator.ordersRows("SELECT a /* order by */ FROM t")).isFalse();
    assertThat(ResultComparator.ordersRows("SELECT reorder FROM t")).isFalse();
    assertThat(ResultComparator.ordersRows("SELECT \"order\" FROM t")).isFalse();
    assertThat(
            ResultComparator.ordersRows("WITH c AS (SELECT a FROM t ORDER BY a) SELECT a FROM c"))
        .isFalse();
  }

  @Test
  void refusesANegativeTolerance() {
    assertThatThrownBy(() -> new ResultComparator(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1.0");
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  @SafeVarargs
  private static ResultTable table(List<String> names, List<Object>... rows) {
    return new ResultTable(
        names.stream().map(n -> new ResultColumn(n, "")).toList(),
        List.of(rows),
        rows.length,
        false,
        0);
  }
}
