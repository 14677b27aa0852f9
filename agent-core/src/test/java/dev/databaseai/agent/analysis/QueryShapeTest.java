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

  @Test
  void readsEachSelectListWithDistinctOrderByAndGroupBy() {
    QueryShape shape =
        QueryShape.of(
            "SELECT DISTINCT c.city AS town, LOWER(c.country) FROM customer c"
                + " WHERE c.id IN (SELECT DISTINCT ON (o.customer_id) o.customer_id FROM orders o"
                + " ORDER BY o.ordered_at DESC NULLS LAST)"
                + " ORDER BY c.full_name, 2 DESC");

    assertThat(shape.selects).hasSize(2);
    QueryShape.SelectBlock outer = shape.selects.get(0);
    assertThat(outer.distinct()).isTrue();
    assertThat(outer.distinctOn()).isEmpty();
    assertThat(outer.items())
        .containsExactly(
            new QueryShape.Item("c.city", "town"), new QueryShape.Item("LOWER(c.country)", ""));
    assertThat(outer.orderBy())
        .containsExactly(
            new QueryShape.Ordering("c.full_name", ""), new QueryShape.Ordering("2", " DESC"));
    QueryShape.SelectBlock inner = shape.selects.get(1);
    assertThat(inner.distinctOn()).containsExactly("o.customer_id");
    assertThat(inner.orderBy())
        .containsExactly(new QueryShape.Ordering("o.ordered_at", " DESC NULLS LAST"));
    assertThat(inner.orderBy().get(0).descending()).isTrue();
  }

  @Test
  void aSetOperationIsSortedByItsOwnOrderByOverTheFirstSelectList() {
    QueryShape shape =
        QueryShape.of(
            "SELECT city, country FROM customer UNION SELECT status, order_ref FROM orders ORDER BY 3");

    QueryShape.SelectBlock union = shape.selects.get(0);
    assertThat(union.items())
        .extracting(QueryShape.Item::expression)
        .containsExactly("city", "country");
    assertThat(union.orderBy()).containsExactly(new QueryShape.Ordering("3", ""));
    assertThat(union.hasStar()).isFalse();
    assertThat(QueryShape.of("SELECT DISTINCT * FROM customer").selects.get(0).hasStar()).isTrue();
  }
}
