package dev.databaseai.agent.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlExtractorTest {

  private final SqlExtractor extractor = new SqlExtractor();

  @Test
  void takesTheStatementOutOfAFencedSqlBlock() {
    Extraction e =
        extractor.extract(
            "Sure! Here you go:\n```sql\nSELECT id\nFROM orders;\n```\nThis lists the ids.");
    assertThat(e.sql()).contains("SELECT id\nFROM orders");
  }

  @Test
  void takesTheStatementOutOfAnUnlabelledFence() {
    assertThat(extractor.extract("```\nSELECT 1\n```").sql()).contains("SELECT 1");
  }

  @Test
  void readsAJsonAnswerWithEscapes() {
    Extraction e =
        extractor.extract(
            "{\"sql\": \"SELECT name FROM t WHERE note = 'say \\\"hi\\\"'\\nORDER BY 1\"}");
    assertThat(e.sql()).contains("SELECT name FROM t WHERE note = 'say \"hi\"'\nORDER BY 1");
  }

  @Test
  void cutsProseBeforeAndAfterUnfencedSql() {
    Extraction e =
        extractor.extract(
            "The query is: SELECT name\nFROM customers\nWHERE city = 'Berlin'\n\nThis returns the names of customers.");
    assertThat(e.sql()).contains("SELECT name\nFROM customers\nWHERE city = 'Berlin'");
  }

  @Test
  void takesTheOneQueryAmongSessionStatements() {
    Extraction e =
        extractor.extract("```sql\nSET search_path TO shop;\nSELECT * FROM orders;\n```");
    assertThat(e.sql()).contains("SELECT * FROM orders");
  }

  @Test
  void takesARepeatedQueryOnce() {
    Extraction e =
        extractor.extract("```sql\nSELECT 1;\n```\nor equivalently\n```sql\nselect  1\n```");
    assertThat(e.sql()).contains("SELECT 1");
  }

  @Test
  void refusesTwoDifferentQueriesWithTheReason() {
    Extraction e = extractor.extract("```sql\nSELECT a FROM t;\nSELECT b FROM t;\n```");
    assertThat(e.sql()).isEmpty();
    assertThat(e.problem()).contains("2 different queries").contains("exactly one");
  }

  @Test
  void refusesAnAnswerWithoutSql() {
    Extraction e = extractor.extract("I cannot answer that from the schema.");
    assertThat(e.sql()).isEmpty();
    assertThat(e.problem()).contains("no SQL statement found").contains("I cannot answer");
  }

  @Test
  void keepsSemicolonsInsideStringLiterals() {
    assertThat(extractor.extract("```sql\nSELECT 'a;b' AS x;\n```").sql())
        .contains("SELECT 'a;b' AS x");
  }

  @Test
  void passesASingleWriteStatementOnForTheGuardToRefuse() {
    assertThat(extractor.extract("```sql\nDELETE FROM orders\n```").sql())
        .contains("DELETE FROM orders");
  }

  @Test
  void readsCommonTableExpressions() {
    Extraction e =
        extractor.extract("WITH recent AS (SELECT * FROM orders) SELECT count(*) FROM recent");
    assertThat(e.sql())
        .contains("WITH recent AS (SELECT * FROM orders) SELECT count(*) FROM recent");
  }
}
