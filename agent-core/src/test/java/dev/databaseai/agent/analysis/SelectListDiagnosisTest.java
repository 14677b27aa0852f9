package dev.databaseai.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Select-list rules (ORDER BY under SELECT DISTINCT, DISTINCT ON before ORDER BY, positions beyond
 * the select list) and the {@code site_name} ranking, on real PostgreSQL and MariaDB servers with
 * the corpus schema: each broken statement fails on the server, its real exception is analyzed, and
 * the statement repaired as the first suggestion says runs on the same server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectListDiagnosisTest {

  private final Dialect postgres = Dialects.load().byId("postgres");
  private final Dialect mysql = Dialects.load().byId("mysql");
  private TestDatabase pg;
  private TestDatabase maria;
  private SchemaSnapshot pgSchema;
  private SchemaSnapshot mariaSchema;

  @BeforeAll
  void servers() throws Exception {
    pg = TestDatabases.postgres("select_list");
    maria = TestDatabases.mariadb("select_list");
    pgSchema = load(pg, postgres);
    mariaSchema = load(maria, mysql);
  }

  private static SchemaSnapshot load(TestDatabase database, Dialect dialect) throws Exception {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      for (String sql : ErrorCorpus.schemaStatements()) {
        statement.execute(sql);
      }
      return dialect.introspector().introspect(connection);
    }
  }

  // ------------------------------------------------------------------ PostgreSQL 42P10

  @Test
  void distinctSortedByUnselectedColumnsNamesThemAndTheWidenedListRuns() throws SQLException {
    Diagnosis d =
        onPostgres(
            "SELECT DISTINCT c.city AS town FROM customer c ORDER BY town, c.country DESC,"
                + " c.full_name");

    assertThat(d.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(d.sqlState()).isEqualTo("42P10");
    assertThat(d.identifier()).contains("c.country, c.full_name");
    assertThat(d.suggestions())
        .containsExactly(
            "SELECT DISTINCT c.city AS town, c.country, c.full_name",
            "GROUP BY c.city ORDER BY town, MAX(c.country) DESC, MIN(c.full_name)",
            "SELECT c.city AS town");
    assertThat(d.hint())
        .contains("select list: c.city AS town")
        .contains("SELECT DISTINCT c.city AS town, c.country, c.full_name")
        .contains("drop DISTINCT")
        .contains("customer(id, full_name");
    runs(
        pg,
        "SELECT DISTINCT c.city AS town, c.country, c.full_name FROM customer c"
            + " ORDER BY town, c.country DESC, c.full_name");
    runs(
        pg,
        "SELECT c.city AS town FROM customer c GROUP BY c.city"
            + " ORDER BY town, MAX(c.country) DESC, MIN(c.full_name)");
  }

  @Test
  void distinctInASubqueryIsFoundThere() throws SQLException {
    Diagnosis d =
        onPostgres(
            "SELECT t.city FROM (SELECT DISTINCT city FROM customer ORDER BY country) t"
                + " ORDER BY t.city");

    assertThat(d.identifier()).contains("country");
    assertThat(d.suggestions()).first().isEqualTo("SELECT DISTINCT city, country");
    runs(
        pg,
        "SELECT t.city FROM (SELECT DISTINCT city, country FROM customer ORDER BY country) t"
            + " ORDER BY t.city");
  }

  @Test
  void distinctOnMustLeadOrderBy() throws SQLException {
    Diagnosis d =
        onPostgres(
            "SELECT DISTINCT ON (customer_id) customer_id, id, total_amount FROM orders"
                + " ORDER BY ordered_at DESC");

    assertThat(d.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(d.identifier()).contains("DISTINCT ON (customer_id)");
    assertThat(d.suggestions()).first().isEqualTo("ORDER BY customer_id, ordered_at DESC");
    assertThat(d.hint()).contains("must begin with customer_id").contains("AS t ORDER BY");
    runs(
        pg,
        "SELECT DISTINCT ON (customer_id) customer_id, id, total_amount FROM orders"
            + " ORDER BY customer_id, ordered_at DESC");
  }

  @Test
  void orderByPositionBeyondTheListNamesItsLengthAndTheNearestPosition() throws SQLException {
    String broken =
        "SELECT c.country, COUNT(*) AS customers FROM customer c GROUP BY c.country"
            + " ORDER BY 3 DESC, 1";
    Diagnosis d = onPostgres(broken);

    assertThat(d.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(d.identifier()).contains("ORDER BY 3");
    assertThat(d.suggestions()).containsExactly("ORDER BY 2 DESC, 1", "ORDER BY customers DESC, 1");
    assertThat(d.hint())
        .contains("it has 2 columns (c.country, COUNT(*) AS customers)")
        .contains("a position from 1 to 2");
    runs(pg, broken.replace("ORDER BY 3 DESC, 1", d.suggestions().get(0)));
    runs(pg, broken.replace("ORDER BY 3 DESC, 1", d.suggestions().get(1)));
  }

  @Test
  void groupByAndDistinctOnPositionsBeyondTheList() throws SQLException {
    String grouped =
        "SELECT d.dept_name, AVG(e.salary) FROM employee e JOIN department d"
            + " ON d.id = e.department_id GROUP BY 3";
    Diagnosis group = onPostgres(grouped);
    assertThat(group.identifier()).contains("GROUP BY 3");
    assertThat(group.suggestions()).containsExactly("GROUP BY d.dept_name");
    runs(pg, grouped.replace("GROUP BY 3", group.suggestions().get(0)));

    Diagnosis on = onPostgres("SELECT DISTINCT ON (4) city FROM customer");
    assertThat(on.identifier()).contains("DISTINCT ON 4");
    assertThat(on.suggestions()).containsExactly("DISTINCT ON (city)");
    assertThat(on.hint()).contains("it has 1 column (city)").contains("use position 1");
    runs(pg, "SELECT DISTINCT ON (city) city FROM customer");
  }

  // ------------------------------------------------------------------ MySQL / MariaDB

  @Test
  void mariadbReportsAPositionAsAnUnknownColumnAndGetsTheSameDiagnosis() throws SQLException {
    String broken =
        "SELECT c.country, COUNT(*) AS customers FROM customer c GROUP BY c.country ORDER BY 3 DESC";
    Diagnosis d = new ErrorAnalyzer(mysql).analyze(broken, raise(maria, broken), mariaSchema);

    assertThat(d.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(d.vendorCode()).isEqualTo(1054);
    assertThat(d.identifier()).contains("ORDER BY 3");
    assertThat(d.suggestions()).first().isEqualTo("ORDER BY 2 DESC");
    runs(maria, broken.replace("ORDER BY 3 DESC", d.suggestions().get(0)));
  }

  /**
   * MariaDB has no rule against sorting a DISTINCT result by an unselected column (the translator
   * test proves it accepts the statement), so MySQL 8's error 3065 is constructed here, with its
   * documented text; the schema is the real server's.
   */
  @Test
  void mysqlDistinctErrorGetsTheSameRewriteAsPostgres() {
    String sql = "SELECT DISTINCT c.city FROM customer c ORDER BY c.country";
    SQLException mysql3065 =
        new SQLException(
            "Expression #1 of ORDER BY clause is not in SELECT list, references column"
                + " 'shop.c.country' which is not in SELECT list; this is incompatible with"
                + " DISTINCT",
            "HY000",
            3065);
    Diagnosis d = new ErrorAnalyzer(mysql).analyze(sql, mysql3065, mariaSchema);

    assertThat(d.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(d.identifier()).contains("c.country");
    assertThat(d.suggestions()).first().isEqualTo("SELECT DISTINCT c.city, c.country");
    assertThat(d.hint())
        .contains("MySQL / MariaDB can sort only by expressions of the select list");
  }

  // ------------------------------------------------------------------ ranking

  @Test
  void siteNameOnLocationIsItsNameOnBothServers() throws SQLException {
    String sql = "SELECT l.site_name, COUNT(*) FROM location l GROUP BY l.site_name";
    Diagnosis onPg = onPostgres(sql);
    Diagnosis onMaria = new ErrorAnalyzer(mysql).analyze(sql, raise(maria, sql), mariaSchema);

    for (Diagnosis d : new Diagnosis[] {onPg, onMaria}) {
      assertThat(d.category()).isEqualTo(ErrorCategory.UNDEFINED_COLUMN);
      assertThat(d.suggestions()).first().isEqualTo("l.name");
      assertThat(d.suggestions()).contains("l.site_code");
      assertThat(d.hint()).contains("Use l.name");
    }
    // PostgreSQL's own HINT points at the wrong column; the diagnosis keeps its message intact.
    assertThat(raise(pg, sql).getMessage()).contains("\"l.site_code\"");
  }

  // ------------------------------------------------------------------ helpers

  private Diagnosis onPostgres(String sql) throws SQLException {
    return new ErrorAnalyzer(postgres).analyze(sql, raise(pg, sql), pgSchema);
  }

  private static SQLException raise(TestDatabase database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      SQLException e = catchThrowableOfType(SQLException.class, () -> statement.execute(sql));
      assertThat((Object) e).as("the server must reject: %s", sql).isNotNull();
      return e;
    }
  }

  private static void runs(TestDatabase database, String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
