package dev.databaseai.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.databaseai.dialect.Dialects;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class MySqlDialectTest {

  private final MySqlDialect dialect = new MySqlDialect();

  @Test
  void acceptsMySqlAndMariaDbUrlsOnly() {
    assertThat(dialect.acceptsJdbcUrl("jdbc:mysql://db:3306/shop")).isTrue();
    assertThat(dialect.acceptsJdbcUrl("jdbc:mariadb://db:3306/shop")).isTrue();
    assertThat(dialect.acceptsJdbcUrl("JDBC:MySQL://db/shop")).isTrue();
    assertThat(dialect.acceptsJdbcUrl("jdbc:postgresql://db/shop")).isFalse();
    assertThat(dialect.acceptsJdbcUrl("jdbc:mysqlx://db/shop")).isFalse();
  }

  @Test
  void acceptsBothProductNames() {
    assertThat(dialect.acceptsProductName("MySQL")).isTrue();
    assertThat(dialect.acceptsProductName("MariaDB")).isTrue();
    assertThat(dialect.acceptsProductName("PostgreSQL")).isFalse();
  }

  @Test
  void isFoundByTheRegistryForBothUrlKinds() {
    Dialects dialects = Dialects.load();
    assertThat(dialects.forJdbcUrl("jdbc:mariadb://localhost/x")).isInstanceOf(MySqlDialect.class);
    assertThat(dialects.byId("mysql")).isInstanceOf(MySqlDialect.class);
  }

  @Test
  void detectsMariaDbBehindConnectorJFromTheServerVersion() throws SQLException {
    TestDatabase db = TestDatabases.mariadb("mysql_flavor");
    try (Connection connection = db.connect()) {
      assumeTrue(
          connection.getMetaData().getDatabaseProductVersion().contains("MariaDB"),
          "needs a MariaDB server");
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("MySQL");
      assertThat(MySqlFlavor.of(connection)).isEqualTo(MySqlFlavor.MARIADB);
    }
    assertThat(MySqlFlavor.ofVersion("8.0.36")).isEqualTo(MySqlFlavor.MYSQL);
    assertThat(MySqlFlavor.ofVersion("5.5.5-10.11.6-MariaDB")).isEqualTo(MySqlFlavor.MARIADB);
  }
}
