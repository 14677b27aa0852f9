package dev.databaseai.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.dialect.schema.TableKind;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pg_catalog reader against a real PostgreSQL with several schemas and PostgreSQL-only
 * features.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresIntrospectorTest {

  private final TestDatabase database = TestDatabases.postgres("introspect");
  private final PostgresIntrospector introspector = new PostgresIntrospector();

  @BeforeAll
  void schema() {
    database.execute(
        "CREATE SCHEMA sales",
        "CREATE SCHEMA hr",
        "CREATE TYPE sales.order_status AS ENUM ('pending', 'shipped', 'cancelled')",
        "CREATE TABLE sales.customer (id bigint PRIMARY KEY, name varchar(80) NOT NULL,"
            + " tier text CHECK (tier IN ('gold', 'silver', 'it''s bronze')))",
        "CREATE TABLE sales.orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES sales.customer (id),"
            + " status sales.order_status NOT NULL DEFAULT 'pending', priority integer CHECK (priority IN (1, 2, 3)),"
            + " code varchar(3) CHECK (code IN ('A', 'B')), amount numeric(12,2), tags text[],"
            + " placed_at timestamptz, quantity integer CHECK (quantity > 0))",
        "CREATE TABLE hr.employee (id integer PRIMARY KEY, manager_id integer REFERENCES hr.employee (id),"
            + " served_customer bigint REFERENCES sales.customer (id))",
        "CREATE TABLE public.orders (id integer PRIMARY KEY, note text)",
        "CREATE MATERIALIZED VIEW sales.order_totals AS SELECT customer_id, sum(amount) AS total"
            + " FROM sales.orders GROUP BY customer_id",
        "CREATE VIEW hr.managers AS SELECT id FROM hr.employee WHERE manager_id IS NULL",
        "COMMENT ON VIEW hr.managers IS 'Employees nobody manages'",
        "CREATE TABLE sales.events (id integer, happened date NOT NULL) PARTITION BY RANGE (happened)",
        "CREATE TABLE sales.events_2024 PARTITION OF sales.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
        "INSERT INTO sales.customer SELECT g, 'customer ' || g, 'gold' FROM generate_series(1, 500) g",
        "ALTER TABLE sales.customer ADD COLUMN dropped_later integer",
        "ALTER TABLE sales.customer DROP COLUMN dropped_later",
        "ANALYZE sales.customer");
  }

  @Test
  void readsEveryUserSchemaButNoSystemOne() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    assertThat(snapshot.tables())
        .extracting(Table::qualifiedName)
        .contains(
            "sales.customer",
            "sales.orders",
            "hr.employee",
            "public.orders",
            "sales.order_totals",
            "hr.managers",
            "sales.events")
        .allSatisfy(
            name ->
                assertThat(name).doesNotStartWith("pg_").doesNotStartWith("information_schema."));
    assertThat(snapshot.databaseProduct()).startsWith("PostgreSQL ");
  }

  @Test
  void listsAPartitionedTableOnceWithoutItsPartitions() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    assertThat(snapshot.table("sales.events")).isPresent();
    assertThat(snapshot.table("sales.events_2024")).isEmpty();
  }

  @Test
  void sameNameInTwoSchemasStaysTwoTables() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    assertThat(snapshot.table("public.orders").orElseThrow().columnNames())
        .containsExactly("id", "note");
    assertThat(snapshot.table("sales.orders").orElseThrow().columnNames())
        .contains("customer_id", "status");
  }

  @Test
  void kindsOfRelations() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    assertThat(snapshot.table("sales.order_totals").orElseThrow().kind())
        .isEqualTo(TableKind.MATERIALIZED_VIEW);
    assertThat(snapshot.table("hr.managers").orElseThrow().kind()).isEqualTo(TableKind.VIEW);
    assertThat(snapshot.table("hr.managers").orElseThrow().comment())
        .isEqualTo("Employees nobody manages");
    assertThat(snapshot.table("sales.events").orElseThrow().kind()).isEqualTo(TableKind.TABLE);
  }

  @Test
  void enumColumnsCarryTheirLabelsInDeclaredOrder() throws SQLException {
    Column status = introspect().table("sales.orders").orElseThrow().column("status").orElseThrow();
    assertThat(status.type()).isEqualTo("sales.order_status");
    assertThat(status.allowedValues()).containsExactly("pending", "shipped", "cancelled");
    assertThat(status.nullable()).isFalse();
  }

  @Test
  void shortCheckInListsBecomeAllowedValues() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    Table orders = snapshot.table("sales.orders").orElseThrow();
    assertThat(
            snapshot
                .table("sales.customer")
                .orElseThrow()
                .column("tier")
                .orElseThrow()
                .allowedValues())
        .containsExactly("gold", "silver", "it's bronze");
    assertThat(orders.column("priority").orElseThrow().allowedValues())
        .containsExactly("1", "2", "3");
    assertThat(orders.column("code").orElseThrow().allowedValues()).containsExactly("A", "B");
    assertThat(orders.column("quantity").orElseThrow().allowedValues()).isEmpty();
  }

  @Test
  void typesAreFormattedWithModifiers() throws SQLException {
    Table orders = introspect().table("sales.orders").orElseThrow();
    assertThat(orders.column("amount").orElseThrow().type()).isEqualTo("numeric(12,2)");
    assertThat(orders.column("tags").orElseThrow().type()).isEqualTo("text[]");
    assertThat(orders.column("placed_at").orElseThrow().type())
        .isEqualTo("timestamp with time zone");
    assertThat(orders.column("id").orElseThrow().type()).isEqualTo("bigint");
  }

  @Test
  void droppedColumnsAreGone() throws SQLException {
    assertThat(introspect().table("sales.customer").orElseThrow().columnNames())
        .containsExactly("id", "name", "tier");
  }

  @Test
  void foreignKeysAcrossSchemasAndToThemselves() throws SQLException {
    Table employee = introspect().table("hr.employee").orElseThrow();
    assertThat(employee.foreignKeys())
        .extracting(
            fk ->
                fk.columns()
                    + "->"
                    + fk.referencedSchema()
                    + "."
                    + fk.referencedTable()
                    + fk.referencedColumns())
        .containsExactlyInAnyOrder(
            "[manager_id]->hr.employee[id]", "[served_customer]->sales.customer[id]");
  }

  @Test
  void analyzedTablesHaveRowEstimatesAndViewsHaveNone() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    assertThat(snapshot.table("sales.customer").orElseThrow().approximateRows()).isEqualTo(500);
    assertThat(snapshot.table("hr.managers").orElseThrow().approximateRows()).isEqualTo(-1);
  }

  @Test
  void introspectTablesReadsOnlyTheNamedOnesQualifiedOrNot() throws SQLException {
    try (Connection connection = database.connect()) {
      SchemaSnapshot some =
          introspector.introspectTables(connection, List.of("HR.Employee", "orders", "nope"));
      assertThat(some.tables())
          .extracting(Table::qualifiedName)
          .containsExactlyInAnyOrder("hr.employee", "public.orders", "sales.orders");
      assertThat(some.table("sales.orders").orElseThrow().primaryKey()).containsExactly("id");
      assertThat(introspector.introspectTables(connection, List.of()).tables()).isEmpty();
      Table employee =
          introspector.introspectTables(connection, List.of("hr.employee")).tables().get(0);
      assertThat(employee.foreignKeys())
          .extracting(
              fk -> fk.referencedSchema() + "." + fk.referencedTable() + fk.referencedColumns())
          .containsExactlyInAnyOrder("hr.employee[id]", "sales.customer[id]");
    }
  }

  @Test
  void worksInsideAGuardedReadOnlyConnection() throws SQLException {
    try (Connection connection = database.connect()) {
      new PostgresSessionGuards().apply(connection, dev.databaseai.dialect.GuardSettings.DEFAULT);
      assertThat(introspector.introspect(connection).table("sales.customer")).isPresent();
      connection.rollback();
    }
  }

  @Test
  void checkInListParsingAcceptsOnlyOneColumnEqualsAnyArrays() {
    assertThat(
            PostgresIntrospector.checkInList("CHECK ((kind = ANY (ARRAY['a'::text, 'b'::text])))"))
        .containsExactly("kind", "a", "b");
    assertThat(
            PostgresIntrospector.checkInList(
                "CHECK (((code)::text = ANY ((ARRAY['A'::character varying, 'B'::character varying])::text[])))"))
        .containsExactly("code", "A", "B");
    assertThat(PostgresIntrospector.checkInList("CHECK ((quantity > 0))")).isEmpty();
    assertThat(PostgresIntrospector.checkInList(null)).isEmpty();
  }

  private SchemaSnapshot introspect() throws SQLException {
    try (Connection connection = database.connect()) {
      return introspector.introspect(connection);
    }
  }
}
