package dev.databaseai.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class TestDatabasesTest {

  @Test
  void postgresDatabasesAreRealAndIsolated() throws Exception {
    TestDatabase first = TestDatabases.postgres("tk");
    TestDatabase second = TestDatabases.postgres("tk");
    first.execute("CREATE TABLE only_here (id int)");
    assertThat(first.jdbcUrl()).isNotEqualTo(second.jdbcUrl());
    assertThat(countTables(first, "only_here")).isEqualTo(1);
    assertThat(countTables(second, "only_here")).isZero();
    try (Connection c = first.connect()) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
    }
  }

  @Test
  void mariadbDatabasesAreRealAndIsolated() throws Exception {
    TestDatabase first = TestDatabases.mariadb("tk");
    TestDatabase second = TestDatabases.mariadb("tk");
    first.execute("CREATE TABLE only_here (id int)");
    assertThat(countTables(first, "only_here")).isEqualTo(1);
    assertThat(countTables(second, "only_here")).isZero();
    try (Connection c = first.connect()) {
      assertThat(c.getMetaData().getDatabaseProductVersion()).containsIgnoringCase("mariadb");
    }
  }

  @Test
  void toStringNeverShowsThePassword() {
    TestDatabase db =
        new TestDatabase(TestDatabase.Kind.POSTGRES, "jdbc:postgresql://h/db", "u", "s3cret");
    assertThat(db.toString()).doesNotContain("s3cret");
  }

  private static int countTables(TestDatabase db, String name) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = '"
                    + name
                    + "' AND table_schema NOT IN ('information_schema','pg_catalog')"
                    + (db.kind() == TestDatabase.Kind.MARIADB
                        ? " AND table_schema = database()"
                        : ""))) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
