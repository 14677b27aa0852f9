package dev.databaseai.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryShapeTest {

  @Test
  void resolvesAliasesInJoinsAndSubqueries() {
    QueryShape shape =
        QueryShape.of(
            "SELECT r.user_id FROM role_permissions r JOIN role ro ON ro.id = r.role_id"
                + " WHERE r.permission_id IN (SELECT p.id FROM permission p WHERE p.perm_code = 'read')");

    assertThat(shape.parsed).isTrue();
    assertThat(shape.resolve("r")).contains("role_permissions");
    assertThat(shape.resolve("ro")).contains("role");
    assertThat(shape.resolve("p")).contains("permission");
    assertThat(shape.resolve("role")).contains("role");
    assertThat(shape.resolve("x")).isEmpty();
    assertThat(shape.columnsQualifiedBy("r"))
        .containsExactly("user_id", "role_id", "permission_id");
  }

  @Test
  void findsWhereAggregatesGroupByDivisorsAndPlainSelectItems() {
    QueryShape shape =
        QueryShape.of(
            "SELECT c.country, SUM(o.total_amount) / COUNT(o.id) FROM orders o JOIN customer c ON c.id = o.customer_id"
                + " WHERE SUM(o.total_amount) > 100 AND o.status = 'open' GROUP BY c.country");

    assertThat(shape.whereAggregateConditions).containsExactly("SUM(o.total_amount) > 100");
    assertThat(shape.otherWhereConditions).containsExactly("o.status = 'open'");
    assertThat(shape.groupBy).containsExactly("c.country");
    assertThat(shape.divisors).containsExactly("COUNT(o.id)");
    assertThat(shape.nonAggregatedSelectItems).containsExactly("c.country");
  }

  @Test
  void fallsBackToAScanOfFromAndJoinWhenTheParserCannotRead() {
    QueryShape shape =
        QueryShape.of(
            "SELECT TOP 5 u.name FROM web_user AS u JOIN role r ON r.id = u.role_id WHERE (((");

    assertThat(shape.parsed).isFalse();
    assertThat(shape.resolve("u")).contains("web_user");
    assertThat(shape.resolve("r")).contains("role");
    assertThat(shape.columnsQualifiedBy("u")).containsExactly("name", "role_id");
  }
}
