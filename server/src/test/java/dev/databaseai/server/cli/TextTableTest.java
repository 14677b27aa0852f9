package dev.databaseai.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextTableTest {

  @Test
  void alignsColumnsRightAlignsNumbersAndShowsNull() {
    ResultTable table =
        new ResultTable(
            List.of(
                new ResultColumn("hostname", "varchar"),
                new ResultColumn("ports", "int4"),
                new ResultColumn("seen", "timestamp")),
            List.of(
                Arrays.asList("rtr-lon1-01", 48L, Timestamp.valueOf("2026-11-02 10:15:00")),
                Arrays.asList("sw-par", 8L, null)),
            2,
            false,
            12);
    assertThat(TextTable.render(table, false))
        .isEqualTo(
            """
             hostname    | ports | seen
            -------------+-------+---------------------
             rtr-lon1-01 |    48 | 2026-11-02 10:15:00
             sw-par      |     8 | NULL""");
    assertThat(TextTable.footer(table)).isEqualTo("(2 rows, 12 ms)");
  }

  @Test
  void cutsLongCellsAndNotesTruncation() {
    ResultTable table =
        new ResultTable(
            List.of(new ResultColumn("t", "text")),
            List.of(List.of("x".repeat(100)), List.of(new BigDecimal("1.5"))),
            1000,
            true,
            3);
    String text = TextTable.render(table, false);
    assertThat(text.lines().skip(2).findFirst().orElseThrow().strip())
        .hasSize(TextTable.MAX_CELL)
        .endsWith("…");
    assertThat(TextTable.footer(table)).isEqualTo("(1000 rows, 3 ms; truncated at the row limit)");
  }

  @Test
  void colourOnlyWhenAsked() {
    ResultTable table =
        new ResultTable(
            List.of(new ResultColumn("a", "")), List.of(Arrays.asList((Object) null)), 1, false, 0);
    assertThat(TextTable.render(table, false)).doesNotContain("\u001b[");
    assertThat(TextTable.render(table, true)).contains(Ansi.BOLD).contains(Ansi.DIM);
  }
}
