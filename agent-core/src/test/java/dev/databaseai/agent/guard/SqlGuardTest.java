package dev.databaseai.agent.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.stream.Stream;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class SqlGuardTest {

  private final SqlGuard guard = new SqlGuard(Set.of("pg_read_file", "dblink*", "load_file"));

  static Stream<String> readOnlyQueries() {
    return Stream.of(
        "SELECT * FROM orders",
        "select id from orders where status ilike 'open%'",
        "SELECT id::text, total_amount::numeric(10,2) FROM orders",
        "SELECT COUNT(*) FILTER (WHERE is_active) FROM product",
        "SELECT id, SUM(total_amount) OVER (PARTITION BY customer_id ORDER BY ordered_at) FROM orders",
        "SELECT `full_name` FROM `customer`",
        "SELECT * FROM orders WHERE ordered_at > NOW() - INTERVAL '7 days'",
        "SELECT * FROM orders WHERE ordered_at > NOW() - INTERVAL 7 DAY",
        "SELECT c.id, x.n FROM customer c, LATERAL (SELECT COUNT(*) AS n FROM orders o WHERE o.customer_id = c.id) x",
        "SELECT DISTINCT ON (customer_id) customer_id, ordered_at FROM orders ORDER BY customer_id, ordered_at DESC",
        "WITH RECURSIVE chain AS (SELECT id, manager_id FROM employee WHERE id = 1 UNION ALL"
            + " SELECT e.id, e.manager_id FROM employee e JOIN chain c ON e.manager_id = c.id) SELECT * FROM chain",
        "VALUES (1, 'a'), (2, 'b')",
        "(SELECT 1) UNION (SELECT 2)",
        "SELECT 'a;b' AS semicolon_in_literal",
        "SELECT 1; ",
        "SELECT 1 -- trailing comment; with a semicolon",
        "SELECT 1 /* a comment ; DELETE FROM t */",
        "SELECT STRING_AGG(role_name, ', ' ORDER BY role_name) FROM role",
        "SELECT GROUP_CONCAT(role_name SEPARATOR ', ') FROM role",
        "SELECT * FROM orders ORDER BY shipping_cost DESC NULLS LAST LIMIT 10 OFFSET 5",
        "SELECT * FROM orders LIMIT 5, 10",
        "SELECT EXTRACT(EPOCH FROM ordered_at) FROM orders",
        "SELECT email FROM customer WHERE email IS DISTINCT FROM NULL",
        "SELECT * FROM customer WHERE id = ANY(ARRAY[1, 2])",
        "SELECT SUBSTRING(full_name FROM 1 FOR 3) FROM customer",
        "SELECT 'don''t' AS quoted",
        "SELECT 'Grüße' AS unicode_in_literal, \"Größe\" FROM t",
        "SELECT update_count, deleted_at, insert_date FROM audit",
        "SELECT REPLACE(full_name, 'a', 'b'), INSERT(full_name, 1, 2, 'x') FROM customer",
        "SELECT TOP 5 * FROM orders",
        "SELECT [full_name] FROM customer");
  }

  @ParameterizedTest
  @MethodSource("readOnlyQueries")
  void allowsReadOnlyQueries(String sql) {
    GuardDecision decision = guard.check(sql);
    assertThat(decision.allowed()).as(decision.reason()).isTrue();
    assertThat(decision.statement()).doesNotEndWith(";").isNotBlank();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "DELETE FROM orders | DELETE modifies data",
        "delete from orders where id = 1 | DELETE modifies data",
        "UPDATE orders SET status = 'x' | UPDATE modifies data",
        "INSERT INTO role VALUES (3, 'x', 'y') | INSERT modifies data",
        "MERGE INTO role r USING role s ON r.id = s.id WHEN MATCHED THEN DELETE | MERGE modifies data",
        "REPLACE INTO role VALUES (1, 'a', 'b') | REPLACE modifies data",
        "CREATE TABLE x (id int) | CREATE is DDL",
        "ALTER TABLE role ADD COLUMN x int | ALTER is DDL",
        "DROP TABLE role | DROP is DDL",
        "TRUNCATE role | TRUNCATE is DDL",
        "RENAME TABLE role TO r2 | RENAME is DDL",
        "COMMENT ON TABLE role IS 'x' | COMMENT is DDL",
        "GRANT ALL ON role TO public | GRANT changes privileges",
        "REVOKE ALL ON role FROM public | REVOKE changes privileges",
        "COPY role TO '/tmp/x' | COPY reads or writes files",
        "DO $$ BEGIN DELETE FROM role; END $$ | DO runs procedural",
        "CALL cleanup() | CALL runs procedural",
        "EXECUTE stmt | EXECUTE runs procedural",
        "SET default_transaction_read_only = off | SET changes session settings",
        "SET SESSION TRANSACTION READ WRITE | SET changes session settings",
        "RESET ALL | RESET changes session settings",
        "LOCK TABLE role IN ACCESS EXCLUSIVE MODE | LOCK takes or releases table locks",
        "VACUUM role | VACUUM is maintenance",
        "ANALYZE role | ANALYZE is maintenance",
        "EXPLAIN ANALYZE DELETE FROM role | EXPLAIN is not run",
        "BEGIN | BEGIN controls transactions",
        "WITH gone AS (DELETE FROM orders RETURNING *) SELECT * FROM gone | DELETE inside the query modifies data",
        "WITH x AS (UPDATE orders SET status = 'x' RETURNING id) SELECT * FROM x | UPDATE inside the query",
        "WITH x AS (INSERT INTO role VALUES (9, 'a', 'b') RETURNING id) SELECT 1 | INSERT inside the query",
        "SELECT * FROM orders FOR UPDATE | FOR UPDATE locks rows",
        "SELECT * FROM orders FOR SHARE | FOR SHARE locks rows",
        "SELECT * FROM orders FOR NO KEY UPDATE | FOR NO KEY UPDATE locks rows",
        "SELECT * FROM orders FOR KEY SHARE | FOR KEY SHARE locks rows",
        "SELECT * FROM orders o FOR UPDATE OF o SKIP LOCKED | FOR UPDATE locks rows",
        "SELECT * FROM orders LOCK IN SHARE MODE | LOCK IN SHARE MODE locks rows",
        "SELECT * INTO backup FROM orders | INTO writes",
        "SELECT * FROM orders INTO OUTFILE '/tmp/o.csv' | INTO writes",
        "SELECT * FROM orders INTO DUMPFILE '/tmp/o.bin' | INTO writes",
        "SELECT id INTO @x FROM orders LIMIT 1 | INTO writes",
        "SELECT 1; DELETE FROM orders | multiple statements",
        "SELECT 1;DELETE FROM orders; | multiple statements",
        "SELECT 1; -- harmless\\nDROP TABLE orders | multiple statements",
        "SELECT 1 /* ; */; UPDATE orders SET status = 'x' | multiple statements",
        "SELECT 'a;b'; SELECT 2 | multiple statements",
        "SELECT /*! 1; DELETE FROM orders */ 1 | executable comment",
        "SELECT 1 /*!50000 , SLEEP(5) */ | executable comment",
        "SELECT 1 /*M! , SLEEP(5) */ | executable comment",
        "SELECT pg_read_file('/etc/passwd') | calls pg_read_file()",
        "select PG_READ_FILE('/etc/passwd') | calls PG_READ_FILE()",
        "SELECT pg_catalog.pg_read_file('/etc/passwd') | calls pg_catalog.pg_read_file()",
        "SELECT pg_catalog.\"pg_read_file\"('/etc/passwd') | calls pg_catalog.pg_read_file()",
        "SELECT pg_read_file /* gap */ ('/etc/passwd') | calls pg_read_file()",
        "SELECT * FROM dblink('host=evil', 'select 1') AS t(x int) | calls dblink()",
        "SELECT dblink_exec('host=evil', 'drop table x') | calls dblink_exec()",
        "SELECT LOAD_FILE('/etc/passwd') | calls LOAD_FILE()",
        "SELECT id FROM orders WHERE id IN (SELECT SLEEP(10)) | calls SLEEP()",
        "SELECT pg_sleep(100) | calls pg_sleep()",
        "SELECT set_config('default_transaction_read_only', 'off', false) | calls set_config()",
        "SELECT nextval('orders_id_seq') | calls nextval()",
        "SELECT '\\'; DELETE FROM orders; -- ' | would read this SQL differently",
        "SELECT 1 /* /* */ ; DELETE FROM orders; /* */ */ | would read this SQL differently",
        "SELECT 1 # ; DELETE FROM orders | would read this SQL differently",
        "SELECT 1 --1; DELETE FROM orders | would read this SQL differently",
        "SELECT $$; DELETE FROM orders; $$ | would read this SQL differently",
        "ＤＥＬＥＴＥ FROM orders | character U+FF24",
        "SELECT 1\u00a0FROM orders | character U+00A0",
        "SELECT 1\u200bFROM orders | character U+200B",
        "SELECT 'unterminated | could not read the SQL",
        "SELECT 1 /* unterminated | could not read the SQL",
        "-- only a comment | no statement",
        "SHOW TABLES | SHOW is not a query",
      })
  void refusesWithTheReason(String sql, String reason) {
    GuardDecision decision = guard.check(sql.replace("\\n", "\n"));
    assertThat(decision.allowed()).as(sql).isFalse();
    assertThat(decision.reason()).contains(reason).contains("only a single read-only query");
    assertThat(decision.statement()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("readOnlyQueries")
  void ordinaryPostgresAndMysqlQueriesParseSoTheTreeChecksApply(String sql) {
    assertThatCode(() -> CCJSqlParserUtil.parse(sql.replaceAll(";\\s*$", "")))
        .doesNotThrowAnyException();
  }

  @Test
  void allowsWhatJsqlparserCannotReadOnlyWhenEveryTokenCheckPasses() throws Exception {
    String unparseable = "SELECT id FROM orders WHERE id BETWEEN SYMMETRIC 1 AND 2";
    assertThatThrownBy(() -> CCJSqlParserUtil.parse(unparseable))
        .isInstanceOf(JSQLParserException.class);
    assertThat(guard.check(unparseable).allowed()).isTrue();
    assertThat(guard.check(unparseable + " INTO OUTFILE '/tmp/x'").reason()).contains("INTO");
    assertThat(guard.check(unparseable + " FOR UPDATE").reason()).contains("FOR UPDATE");
    assertThat(guard.check("SELECT pg_read_file('x') BETWEEN SYMMETRIC 1 AND 2").reason())
        .contains("pg_read_file");
    assertThat(guard.check("FROBNICATE orders").reason()).contains("does not start a query");
  }

  @Test
  void answersQuicklyOnUnbalancedParenthesesThatMakeJsqlparserBacktrack() {
    String broken =
        "SELECT TOP 5 u.name FROM web_user AS u JOIN role r ON r.id = u.role_id WHERE (((";
    long start = System.nanoTime();
    GuardDecision decision = guard.check(broken);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(decision.allowed()).isTrue();
    assertThat(millis).isLessThan(3000);
    assertThat(guard.check(broken + " INTO OUTFILE '/tmp/x'").allowed()).isFalse();
  }

  @Test
  void refusesEmptyAndNullSql() {
    assertThat(guard.check(null).reason()).startsWith("empty SQL");
    assertThat(guard.check("  ").allowed()).isFalse();
  }

  @Test
  void aRepeatedStatementGetsTheSameDecisionWithoutParsingAgain() {
    String query = "SELECT id FROM orders WHERE status = 'open'";
    String write = "DELETE FROM orders";
    GuardDecision first = guard.check(query);
    assertThat(guard.check(query)).isSameAs(first);
    assertThat(guard.check(write).allowed()).isFalse();
    assertThat(guard.check(write).allowed()).isFalse();
    String tooLongToKeep = "SELECT 1 " + " ".repeat(5000);
    assertThat(guard.check(tooLongToKeep)).isNotSameAs(guard.check(tooLongToKeep));
  }

  @Test
  void refusesNulCharacters() {
    assertThat(guard.check("SELECT 1\0; DELETE FROM t").reason()).contains("NUL");
  }

  @Test
  void requireThrowsWithTheReasonAndReturnsTheStatementOtherwise() {
    assertThatThrownBy(() -> guard.require("DROP TABLE role"))
        .isInstanceOf(SqlRefusedException.class)
        .hasMessageContaining("DROP is DDL")
        .satisfies(
            e -> assertThat(((SqlRefusedException) e).getReason()).startsWith("DROP is DDL"));
    assertThat(guard.require("  SELECT 1 ;  ")).isEqualTo("SELECT 1");
  }

  @Test
  void baselineDeniesFileAndSleepFunctionsEvenWithAnEmptyDialectList() {
    SqlGuard bare = new SqlGuard(Set.of());
    assertThat(bare.check("SELECT pg_ls_dir('.')").reason()).contains("pg_ls_dir");
    assertThat(bare.check("SELECT lo_import('/etc/passwd')").reason()).contains("lo_import");
    assertThat(bare.check("SELECT BENCHMARK(1000000, MD5('a'))").reason()).contains("BENCHMARK");
    assertThat(bare.check("SELECT lower(full_name) FROM customer").allowed()).isTrue();
  }

  @Test
  void columnsNamedLikeDeniedFunctionsAreNotCalls() {
    assertThat(guard.check("SELECT sleep, load_file FROM t").allowed()).isTrue();
  }
}
