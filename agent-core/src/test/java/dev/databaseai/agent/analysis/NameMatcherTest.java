package dev.databaseai.agent.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NameMatcherTest {

  @ParameterizedTest(name = "{0} on {1} → {2}")
  @CsvSource({
    "price, order_item, unit_price, id;order_id;product_id;quantity;unit_price",
    "order_date, orders, ordered_at, id;customer_id;ordered_at;status;total_amount",
    "name, role, role_name, id;role_name;description",
    "active, product, is_active, id;product_name;category;is_active;stock_qty",
    "qty, order_item, quantity, id;order_id;product_id;quantity;unit_price",
    "descr, permission, description, id;perm_code;description",
    "cust_id, orders, customer_id, id;customer_id;ordered_at;status",
    "product_id, product, id, id;product_name;category;list_price",
    "firstname, employee, first_name, id;first_name;last_name;department_id",
    "hired_on, employee, hire_date, id;first_name;hire_date;salary",
    "user_id, role_permissions, role_id, id;role_id;permission_id",
    // site_name is a name: the column that is only "name" beats site_code, which shares "site"
    // but adds a word the writer did not write.
    "site_name, location, name, id;site_code;name;city;country",
    "site_name, location, name, id;name;site_code;city;country",
    "customer_name, customer, full_name, id;full_name;email;city;country",
    "category_name, product, category, id;product_name;category;list_price",
    "last_login_date, web_user, last_login, id;username;created_at;last_login",
  })
  void ranksTheIntendedColumnFirst(String written, String table, String expected, String columns) {
    List<String> candidates = List.of(columns.split(";"));
    String best =
        candidates.stream()
            .max(Comparator.comparingDouble(c -> NameMatcher.score(written, c, table)))
            .orElseThrow();
    assertThat(best).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
    "users, web_user",
    "order_items, order_item",
    "rolepermissions, role_permissions",
    "dept, department",
    "departement, department",
    "prodcut, product",
  })
  void ranksTheIntendedTableFirst(String written, String expected) {
    List<String> tables =
        List.of(
            "web_user",
            "role",
            "role_permissions",
            "permission",
            "customer",
            "orders",
            "order_item",
            "product",
            "employee",
            "department");
    String best =
        tables.stream()
            .max(Comparator.comparingDouble(t -> NameMatcher.tableScore(written, t)))
            .orElseThrow();
    assertThat(best).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} ~ {1}")
  @CsvSource({"at, active", "on, order", "id, invoice"})
  void twoLettersAreNoAbbreviationOfALongerWord(String shortWord, String longWord) {
    assertThat(NameMatcher.wordFit(shortWord, longWord)).isZero();
    assertThat(NameMatcher.wordFit(longWord, shortWord)).isZero();
  }

  @ParameterizedTest
  @CsvSource({
    "qty, quantity, true",
    "cust, customer, true",
    "dept, department, true",
    "xyz, quantity, false",
    "quantity, qty, false"
  })
  void abbreviationIsAnInOrderSubsequenceWithTheSameFirstLetter(
      String shortWord, String longWord, boolean expected) {
    assertThat(NameMatcher.isAbbreviation(shortWord, longWord)).isEqualTo(expected);
  }
}
