package dev.databaseai.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.dialect.SqlSyntax.FunctionEquivalent;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MySqlSyntaxTest {

  private static final MySqlSyntax SYNTAX = new MySqlSyntax();
  private static TestDatabase db;

  @BeforeAll
  static void schema() {
    db = TestDatabases.mariadb("mysql_syntax");
    db.execute(
        "CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20), total DECIMAL(10,2), ordered_at DATETIME)",
        "INSERT INTO orders VALUES (1, 'Ada', 10.50, '2024-01-15 10:00:00'), (2, 'Ada', 4.00, '2024-02-01 09:30:00'),"
            + " (3, 'Linus', 7.25, '2024-02-20 18:45:00')");
  }

  @Test
  void quotesWithBackticksDoublingEmbeddedBackticks() {
    assertThat(SYNTAX.quoteIdentifier("order")).isEqualTo("`order`");
    assertThat(SYNTAX.quoteIdentifier("a`b")).isEqualTo("`a``b`");
  }

  @Test
  void mapsOtherDialectsTypesToMySqlCastTargets() {
    assertThat(SYNTAX.cast("x", "integer")).isEqualTo("CAST(x AS SIGNED)");
    assertThat(SYNTAX.cast("x", "BIGINT")).isEqualTo("CAST(x AS SIGNED)");
    assertThat(SYNTAX.cast("x", "numeric(10, 2)")).isEqualTo("CAST(x AS DECIMAL(10,2))");
    assertThat(SYNTAX.cast("x", "text")).isEqualTo("CAST(x AS CHAR)");
    assertThat(SYNTAX.cast("x", "varchar(20)")).isEqualTo("CAST(x AS CHAR(20))");
    assertThat(SYNTAX.cast("x", "timestamp")).isEqualTo("CAST(x AS DATETIME)");
    assertThat(SYNTAX.cast("x", "double precision")).isEqualTo("CAST(x AS DOUBLE)");
    assertThat(SYNTAX.cast("x", "date")).isEqualTo("CAST(x AS DATE)");
    assertThat(SYNTAX.cast("x", "json")).isEqualTo("CAST(x AS JSON)"); // unknown: passed through
  }

  @Test
  void everyMappedCastRunsOnTheServer() throws SQLException {
    Map<String, String> samples =
        Map.ofEntries(
            Map.entry("integer", "'42'"),
            Map.entry("bigint", "'42'"),
            Map.entry("boolean", "1"),
            Map.entry("unsigned", "'7'"),
            Map.entry("numeric(10,2)", "'42.5'"),
            Map.entry("real", "'1.5'"),
            Map.entry("double precision", "'1.5'"),
            Map.entry("text", "42"),
            Map.entry("varchar(5)", "12345678"),
            Map.entry("date", "'2024-01-15'"),
            Map.entry("timestamp", "'2024-01-15 10:00:00'"),
            Map.entry("timestamptz", "'2024-01-15 10:00:00'"),
            Map.entry("time", "'10:00:00'"),
            Map.entry("bytea", "'ab'"),
            Map.entry("money", "'12.3456'"));
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      for (Map.Entry<String, String> sample : samples.entrySet()) {
        try (ResultSet rs =
            statement.executeQuery("SELECT " + SYNTAX.cast(sample.getValue(), sample.getKey()))) {
          assertThat(rs.next()).as(sample.getKey()).isTrue();
          assertThat(rs.getObject(1)).as(sample.getKey()).isNotNull();
        }
      }
      try (ResultSet rs =
          statement.executeQuery("SELECT " + SYNTAX.cast("12345678", "varchar(5)"))) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("12345");
      }
    }
  }

  @Test
  void badArgumentsNameTheValueAndTheFix() {
    assertThatThrownBy(() -> SYNTAX.cast("x", " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SIGNED");
    assertThatThrownBy(() -> SYNTAX.limitClause(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
    assertThat(SYNTAX.limitClause(5)).isEqualTo("LIMIT 5");
  }

  @Test
  void equivalentsAreCaseInsensitiveAndUnknownNamesEmpty() {
    assertThat(SYNTAX.equivalentOf("string_agg"))
        .map(FunctionEquivalent::replacement)
        .hasValueSatisfying(r -> assertThat(r).startsWith("GROUP_CONCAT"));
    assertThat(SYNTAX.equivalentOf("NVL()"))
        .map(FunctionEquivalent::replacement)
        .contains("IFNULL(a, b)");
    assertThat(SYNTAX.equivalentOf("GETDATE"))
        .map(FunctionEquivalent::replacement)
        .contains("NOW()");
    assertThat(SYNTAX.equivalentOf("coalesce")).isEmpty(); // native: nothing to replace
    assertThat(SYNTAX.equivalentOf(null)).isEmpty();
    assertThat(SYNTAX.equivalents())
        .allSatisfy(
            e -> {
              assertThat(e.foreign()).isUpperCase();
              assertThat(e.note()).isNotBlank();
            });
  }

  @Test
  void foreignFunctionsReallyFailAndTheirReplacementsRun() throws SQLException {
    // name → (failing foreign SQL, native rewrite built from the table's replacement)
    List<String[]> cases =
        List.of(
            new String[] {
              "STRING_AGG",
              "SELECT STRING_AGG(customer, ',') FROM orders",
              "SELECT GROUP_CONCAT(customer ORDER BY customer SEPARATOR ', ') FROM orders"
            },
            new String[] {
              "DATE_TRUNC",
              "SELECT DATE_TRUNC('month', ordered_at) FROM orders",
              "SELECT DATE_FORMAT(ordered_at, '%Y-%m-01') FROM orders"
            },
            // NVL is left out: MariaDB 10.3+ has it as a synonym of IFNULL (MySQL does not).
            new String[] {
              "ISNULL",
              "SELECT ISNULL(customer, '-') FROM orders",
              "SELECT IFNULL(customer, '-') FROM orders"
            },
            new String[] {
              "LEN", "SELECT LEN(customer) FROM orders", "SELECT CHAR_LENGTH(customer) FROM orders"
            },
            new String[] {"GETDATE", "SELECT GETDATE()", "SELECT NOW()"},
            new String[] {
              "DATEADD",
              "SELECT DATEADD(day, 1, ordered_at) FROM orders",
              "SELECT DATE_ADD(ordered_at, INTERVAL 1 DAY) FROM orders"
            },
            new String[] {
              "STRFTIME",
              "SELECT STRFTIME('%Y', ordered_at) FROM orders",
              "SELECT DATE_FORMAT(ordered_at, '%Y') FROM orders"
            },
            new String[] {
              "IIF",
              "SELECT IIF(total > 5, 'big', 'small') FROM orders",
              "SELECT IF(total > 5, 'big', 'small') FROM orders"
            },
            new String[] {
              "DIVIDE",
              "SELECT DIVIDE(total, 0) FROM orders",
              "SELECT total / NULLIF(0, 0) FROM orders"
            },
            new String[] {
              "CHARINDEX",
              "SELECT CHARINDEX('a', customer) FROM orders",
              "SELECT LOCATE('a', customer) FROM orders"
            },
            new String[] {
              "INITCAP",
              "SELECT INITCAP(customer) FROM orders",
              "SELECT CONCAT(UPPER(LEFT(customer, 1)), LOWER(SUBSTRING(customer, 2))) FROM orders"
            },
            new String[] {
              "DATEDIFF",
              "SELECT DATEDIFF(day, ordered_at, NOW()) FROM orders",
              "SELECT TIMESTAMPDIFF(DAY, ordered_at, NOW()) FROM orders"
            },
            new String[] {"REPLICATE", "SELECT REPLICATE('x', 3)", "SELECT REPEAT('x', 3)"},
            new String[] {"RANDOM", "SELECT RANDOM()", "SELECT RAND()"},
            new String[] {
              "AGE",
              "SELECT AGE(ordered_at) FROM orders",
              "SELECT TIMESTAMPDIFF(YEAR, ordered_at, CURDATE()) FROM orders"
            },
            new String[] {
              "TRUNC", "SELECT TRUNC(total) FROM orders", "SELECT TRUNCATE(total, 0) FROM orders"
            },
            new String[] {
              "GENERATE_SERIES",
              "SELECT * FROM GENERATE_SERIES(1, 3)",
              SYNTAX.equivalentOf("GENERATE_SERIES").orElseThrow().replacement()
            },
            new String[] {
              "ILIKE",
              "SELECT id FROM orders WHERE customer ILIKE 'a%'",
              "SELECT id FROM orders WHERE LOWER(customer) LIKE LOWER('a%')"
            },
            new String[] {"TOP", "SELECT TOP 1 id FROM orders", "SELECT id FROM orders LIMIT 1"},
            new String[] {
              "FILTER",
              "SELECT COUNT(*) FILTER (WHERE total > 5) FROM orders",
              "SELECT SUM(CASE WHEN total > 5 THEN 1 ELSE 0 END) FROM orders"
            },
            new String[] {
              "::", "SELECT total::int FROM orders", "SELECT CAST(total AS SIGNED) FROM orders"
            });
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      for (String[] c : cases) {
        assertThat(SYNTAX.equivalentOf(c[0])).as(c[0]).isPresent();
        assertThatThrownBy(() -> statement.executeQuery(c[1]).close())
            .as(c[1])
            .isInstanceOf(SQLException.class);
        try (ResultSet rs = statement.executeQuery(c[2])) {
          assertThat(rs.next()).as(c[2]).isTrue();
        }
      }
    }
  }

  @Test
  void promptNotesAreShortSentencesNamingBackticksAndLimit() {
    assertThat(SYNTAX.promptNotes()).isNotEmpty().allSatisfy(n -> assertThat(n).endsWith("."));
    assertThat(String.join(" ", SYNTAX.promptNotes()))
        .contains("backticks", "LIMIT", "GROUP_CONCAT", "ILIKE");
  }
}
