package dev.databaseai.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.dialect.SqlSyntax.FunctionEquivalent;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Quoting, casts and the native forms of foreign functions, run on a real PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresSyntaxTest {

  private final TestDatabase database = TestDatabases.postgres("syntax");
  private final PostgresSyntax syntax = new PostgresSyntax();

  @BeforeAll
  void schema() {
    database.execute(
        "CREATE TABLE sale (id integer, amount double precision, seller text, sold_on date, paid boolean)",
        "INSERT INTO sale VALUES (1, 10.126, 'ann', DATE '2024-03-05', true), (2, 5, NULL, DATE '2024-04-01', false)");
  }

  @Test
  void quotesByDoublingDoubleQuotes() {
    assertThat(syntax.quoteIdentifier("Order")).isEqualTo("\"Order\"");
    assertThat(syntax.quoteIdentifier("a\"b")).isEqualTo("\"a\"\"b\"");
    assertThatThrownBy(() -> syntax.quoteIdentifier("")).hasMessageContaining("must not be empty");
  }

  @Test
  void castsSimpleOperandsDirectlyAndParenthesisesExpressions() {
    assertThat(syntax.cast("amount", "numeric")).isEqualTo("amount::numeric");
    assertThat(syntax.cast("s.amount", "numeric")).isEqualTo("s.amount::numeric");
    assertThat(syntax.cast("'2024-01-01'", "date")).isEqualTo("'2024-01-01'::date");
    assertThat(syntax.cast("a + b", "numeric")).isEqualTo("(a + b)::numeric");
    assertThatThrownBy(() -> syntax.cast("x", " ")).hasMessageContaining("type must not be blank");
  }

  @Test
  void castOfAnExpressionKeepsItsMeaningOnTheDatabase() throws SQLException {
    // Without parentheses, id + amount::numeric would cast only amount; both give 11.13 here but
    // ROUND needs numeric.
    assertThat(
            queryDecimal(
                "SELECT ROUND("
                    + syntax.cast("amount + id", "numeric")
                    + ", 2) FROM sale WHERE id = 1"))
        .isEqualByComparingTo("11.13");
  }

  @Test
  void limitRejectsNonPositiveRows() {
    assertThat(syntax.limitClause(5)).isEqualTo("LIMIT 5");
    assertThatThrownBy(() -> syntax.limitClause(0)).hasMessage("rows must be positive, was 0");
  }

  @Test
  void equivalentsAreFoundCaseInsensitivelyWithOrWithoutArguments() {
    assertThat(syntax.equivalentOf("ifnull").map(FunctionEquivalent::replacement))
        .contains("COALESCE(a, b)");
    assertThat(syntax.equivalentOf("GROUP_CONCAT(name)").map(FunctionEquivalent::replacement))
        .contains("string_agg(expr, ',')");
    assertThat(syntax.equivalentOf("Year").map(FunctionEquivalent::replacement))
        .contains("EXTRACT(YEAR FROM d)");
    assertThat(syntax.equivalentOf("coalesce")).isEmpty();
    assertThat(syntax.knownForeignNames())
        .contains(
            "IFNULL",
            "ISNULL",
            "NVL",
            "DATEDIFF",
            "DATE_FORMAT",
            "GROUP_CONCAT",
            "LEN",
            "YEAR",
            "MONTH",
            "DAY",
            "GETDATE",
            "CURDATE",
            "SYSDATE",
            "IIF",
            "STRFTIME",
            "DIVIDE",
            "CHARINDEX",
            "INSTR",
            "TOP",
            "DATEADD",
            "DATE_ADD",
            "CONVERT",
            "RAND",
            "TRUNCATE");
  }

  @Test
  void everyNoteIsOneSentence() {
    assertThat(syntax.promptNotes()).allSatisfy(note -> assertThat(note).endsWith("."));
    assertThat(String.join(" ", syntax.promptNotes()))
        .contains("ILIKE", "date_trunc", "EXTRACT", "||", "FILTER", "backticks", "LIMIT");
  }

  @Test
  void nativeFormsFromTheTableRunOnPostgres() throws SQLException {
    assertThat(queryString("SELECT COALESCE(seller, 'none') FROM sale WHERE id = 2"))
        .isEqualTo("none");
    assertThat(queryString("SELECT string_agg(seller, ',') FROM sale")).isEqualTo("ann");
    assertThat(queryString("SELECT to_char(sold_on, 'YYYY-MM') FROM sale WHERE id = 1"))
        .isEqualTo("2024-03");
    assertThat(queryDecimal("SELECT EXTRACT(YEAR FROM sold_on) FROM sale WHERE id = 1"))
        .isEqualByComparingTo("2024");
    assertThat(queryDecimal("SELECT (DATE '2024-04-01' - DATE '2024-03-05')"))
        .isEqualByComparingTo("27");
    assertThat(queryDecimal("SELECT COUNT(*) FILTER (WHERE paid) FROM sale"))
        .isEqualByComparingTo("1");
    assertThat(queryDecimal("SELECT SUM(paid::int) FROM sale")).isEqualByComparingTo("1");
    assertThat(queryDecimal("SELECT 1 / NULLIF(0, 0)")).isNull();
    assertThat(queryDecimal("SELECT strpos('haystack', 'st')")).isEqualByComparingTo("4");
    assertThat(queryString("SELECT (DATE '2024-01-31' + interval '1 day')::date::text"))
        .isEqualTo("2024-02-01");
    assertThat(
            queryString(
                "SELECT (date_trunc('month', DATE '2024-02-10') + interval '1 month - 1 day')::date::text"))
        .isEqualTo("2024-02-29");
    assertThat(queryDecimal("SELECT trunc(12.345, 1)")).isEqualByComparingTo("12.3");
    assertThat(queryString("SELECT seller FROM sale WHERE seller ILIKE 'ANN'")).isEqualTo("ann");
  }

  private String queryString(String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  private BigDecimal queryDecimal(String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getBigDecimal(1);
    }
  }
}
