package dev.databaseai.agent.linking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.dialect.schema.TableKind;
import dev.databaseai.llm.TokenCounter;
import dev.databaseai.testkit.schemas.BenchmarkSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SchemaLinkerTest {

  private final SchemaLinker linker = new SchemaLinker(TokenCounter.approximate());

  @Test
  void stemsPluralsSplitsIdentifiersAndExpandsAbbreviations() {
    assertThat(Words.identifierStems("orderItems_qty"))
        .containsExactly("order", "item", Words.stem("quantity"));
    assertThat(Words.stem("categories")).isEqualTo(Words.stem("category"));
    assertThat(Words.stem("boxes")).isEqualTo("box");
    assertThat(Words.textStems("Which employees were hired?"))
        .contains(Words.stem("employee"), Words.stem("hire"))
        .doesNotContain("which");
    assertThat(Words.textStems("our clients")).contains(Words.stem("customer"));
  }

  @Test
  void addsTheTablesOnTheForeignKeyPathBetweenTwoMatchedTables() {
    SchemaSnapshot schema = BenchmarkSchemas.build("s", BenchmarkSchemas.SHOP_CORE, 60);
    SchemaContext context =
        linker.link("Refund amount of returns per product category", schema, 4000);
    // returns → order_items → products → product_categories
    assertThat(context.tableNames())
        .contains("s.returns", "s.order_items", "s.products", "s.product_categories");
  }

  @Test
  void rendersKeysReferencesAndDeclaredValuesCompactly() {
    SchemaSnapshot schema = BenchmarkSchemas.build("s", BenchmarkSchemas.SHOP_CORE, 60);
    SchemaContext context = linker.link("cancelled orders", schema, 4000);
    assertThat(context.tableNames().get(0)).isEqualTo("s.orders");
    assertThat(context.text())
        .contains("orders(id int PK, order_no varchar(20), customer_id int → customers.id")
        .contains("status order_status [new|paid|shipped|delivered|cancelled]")
        .contains(") -- Customer orders");
  }

  @Test
  void showsOnlyKeysAndMatchedColumnsOfWideTables() {
    List<Column> columns = new ArrayList<>();
    columns.add(Column.of("id", "int"));
    for (int i = 0; i < 60; i++) {
      columns.add(Column.of("metric_" + i, "int"));
    }
    columns.add(Column.of("rainfall_mm", "numeric"));
    Table wide =
        new Table(
            "w", "weather_readings", TableKind.TABLE, columns, List.of("id"), List.of(), "", -1);
    SchemaContext context =
        linker.link(
            "average rainfall of weather readings", new SchemaSnapshot("", List.of(wide)), 4000);

    assertThat(context.text())
        .contains("id int PK")
        .contains("rainfall_mm numeric")
        .contains("more)")
        .doesNotContain("metric_59");
  }

  @Test
  void includesRequiredTablesByQualifiedOrBareNameAndFallsBackToTheMostConnected() {
    SchemaSnapshot schema = BenchmarkSchemas.build("s", BenchmarkSchemas.SHOP_CORE, 60);
    SchemaContext context =
        linker.link(
            "gift cards", schema, 4000, KnownValues.NONE, List.of("S.Carriers", "warehouses", "x"));
    assertThat(context.tableNames()).startsWith("s.carriers", "s.warehouses");
    assertThat(context.tableNames()).contains("s.gift_cards");

    SchemaContext nothing = linker.link("zzz", schema, 4000);
    // the tables with the most foreign keys to and from them
    assertThat(nothing.tableNames())
        .hasSize(30)
        .startsWith("s.products", "s.customers", "s.orders");
    assertThat(linker.render(schema, List.of("orders", "nope", "s.orders"), "", 4000).tableNames())
        .containsExactly("s.orders");
  }

  @Test
  void staysWithinTheBudget() {
    SchemaSnapshot schema = BenchmarkSchemas.shop();
    SchemaContext context =
        linker.link(
            "orders customers products suppliers warehouses invoices payments", schema, 300);
    assertThat(context.tokens()).isLessThanOrEqualTo(300);
    assertThat(context.tables()).isNotEmpty();
  }

  @Test
  void budgetIsAQuarterOfTheContextWindowWithinBounds() {
    assertThat(SchemaLinker.budgetFor(OptionalInt.of(8192), 4000)).isEqualTo(2048);
    assertThat(SchemaLinker.budgetFor(OptionalInt.of(128_000), 4000)).isEqualTo(4000);
    assertThat(SchemaLinker.budgetFor(OptionalInt.of(2048), 4000)).isEqualTo(1000);
    assertThat(SchemaLinker.budgetFor(OptionalInt.empty(), 4000)).isEqualTo(4000);
  }
}
