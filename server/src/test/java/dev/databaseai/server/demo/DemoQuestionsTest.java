package dev.databaseai.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.agent.execution.QueryExecutor;
import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.server.query.JsonValues;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo ships one schema for two dialects and a questions file with gold SQL for each: every
 * gold query runs on real PostgreSQL and MariaDB and both give the same rows.
 */
class DemoQuestionsTest {

  static TestDatabase postgres;
  static TestDatabase mariadb;
  static List<Map<String, Object>> questions;

  @BeforeAll
  static void load() throws Exception {
    postgres = TestDatabases.postgres("demo_gold");
    postgres.execute(SqlScript.load("/demo/postgres.sql").toArray(String[]::new));
    mariadb = dev.databaseai.server.Databases.mariadb("demo_gold");
    mariadb.execute(SqlScript.load("/demo/mysql.sql").toArray(String[]::new));
    try (InputStream in = DemoQuestionsTest.class.getResourceAsStream("/demo/questions.json")) {
      Map<String, Object> file =
          JsonMapper.createDefault()
              .readValue(in.readAllBytes(), Argument.mapOf(String.class, Object.class));
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> list = (List<Map<String, Object>>) file.get("questions");
      questions = list;
    }
  }

  @Test
  void bothScriptsHoldTheSameRealisticData() throws Exception {
    for (TestDatabase db : List.of(postgres, mariadb)) {
      assertThat(count(db, "device")).isEqualTo(24);
      assertThat(count(db, "interface")).isGreaterThanOrEqualTo(50);
      assertThat(count(db, "alert")).isGreaterThanOrEqualTo(30);
      assertThat(
              count(db, "location")
                  + count(db, "device_type")
                  + count(db, "device_status")
                  + count(db, "link")
                  + count(db, "maintenance_window"))
          .isGreaterThan(40);
    }
  }

  @Test
  void questionsFileCoversLookupsJoinsAggregationsDatesAndOfflineDevices() {
    assertThat(questions).hasSizeGreaterThanOrEqualTo(12);
    assertThat(questions)
        .extracting(q -> q.get("kind"))
        .contains("lookup", "join", "multi-table join", "aggregation", "date filter");
    assertThat(questions).extracting(q -> q.get("id")).contains("offline-devices");
  }

  @Test
  void everyGoldQueryReturnsRowsAndTheSameRowsOnBothDialects() throws Exception {
    for (Map<String, Object> q : questions) {
      List<List<String>> pg = rows(postgres, (String) q.get("postgres"));
      List<List<String>> my = rows(mariadb, (String) q.get("mysql"));
      assertThat(pg).as("PostgreSQL rows of %s", q.get("id")).isNotEmpty();
      assertThat(my).as("MariaDB rows of %s", q.get("id")).isEqualTo(pg);
    }
  }

  @Test
  void offlineDevicesAreTheFourDownOnes() throws Exception {
    Map<String, Object> offline =
        questions.stream()
            .filter(q -> "offline-devices".equals(q.get("id")))
            .findFirst()
            .orElseThrow();
    assertThat(rows(postgres, (String) offline.get("postgres")))
        .extracting(r -> r.get(0))
        .containsExactly("ap-lon1-02", "fw-nyc1-01", "rtr-par1-01", "sw-ams1-02");
  }

  private static long count(TestDatabase db, String table) throws Exception {
    return Long.parseLong(rows(db, "SELECT COUNT(*) FROM " + table).get(0).get(0));
  }

  /**
   * Rows as the API would show them: read by the agent's executor, values through {@link
   * JsonValues}.
   */
  private static List<List<String>> rows(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect()) {
      List<List<String>> rows = new ArrayList<>();
      for (List<Object> values : new QueryExecutor(GuardSettings.DEFAULT).run(c, sql).rows()) {
        List<String> row = new ArrayList<>();
        for (Object value : values) {
          Object v = JsonValues.of(value);
          row.add(
              v instanceof Number n
                  ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString()
                  : String.valueOf(v));
        }
        rows.add(row);
      }
      return rows;
    }
  }
}
