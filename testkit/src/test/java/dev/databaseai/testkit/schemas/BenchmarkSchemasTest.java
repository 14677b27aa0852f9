package dev.databaseai.testkit.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkSchemasTest {

  @Test
  void everyGoldTableOfEveryQuestionExists() {
    assertGoldTablesExist(
        BenchmarkSchemas.shop(), BenchmarkQuestions.SHOP, BenchmarkQuestions.SHOP_HELD_OUT);
    assertGoldTablesExist(
        BenchmarkSchemas.netHr(), BenchmarkQuestions.NET_HR, BenchmarkQuestions.NET_HR_HELD_OUT);
  }

  @SafeVarargs
  private static void assertGoldTablesExist(
      SchemaSnapshot schema, List<BenchmarkQuestions.Question>... lists) {
    assertThat(schema.tables()).hasSize(300);
    for (List<BenchmarkQuestions.Question> questions : lists) {
      for (BenchmarkQuestions.Question question : questions) {
        for (String table : question.tables()) {
          assertThat(schema.table(table)).as(question.question()).isPresent();
        }
      }
    }
  }

  @Test
  void theShopSchemaBuildsInPostgresWithRowsLabelsAndForeignKeys() throws Exception {
    TestDatabase db = TestDatabases.postgres("tk_shop");
    db.execute(BenchmarkSchemas.postgresScript(BenchmarkSchemas.shop(), 5).toArray(String[]::new));
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      assertThat(single(s, "SELECT count(*) FROM pg_tables WHERE schemaname = 'shop'"))
          .isEqualTo("300");
      assertThat(
              single(
                  s,
                  "SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                      + " AND connamespace = 'shop'::regnamespace"))
          .isNotEqualTo("0");
      assertThat(single(s, "SELECT count(*) FROM shop.orders")).isEqualTo("5");
      List<String> countries = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT name FROM shop.countries ORDER BY id")) {
        while (rs.next()) {
          countries.add(rs.getString(1));
        }
      }
      assertThat(countries).startsWith("Germany", "France");
    }
  }

  private static String single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
