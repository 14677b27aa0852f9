package dev.databaseai.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void redactsPasswordParametersAndUserInfo() {
    assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/shop?user=me&password=pw&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/shop?user=me&password=***&ssl=true");
    assertThat(JdbcUrls.redact("jdbc:mysql://me:pw@db/shop"))
        .isEqualTo("jdbc:mysql://me:***@db/shop");
    assertThat(JdbcUrls.redact("jdbc:sqlserver://db;user=me;Password=pw;x=1"))
        .isEqualTo("jdbc:sqlserver://db;user=me;Password=***;x=1");
    assertThat(JdbcUrls.redact(null)).isEqualTo("null");
  }

  @Test
  void readsTheSubProtocol() {
    assertThat(JdbcUrls.subProtocol("jdbc:postgresql://h/db")).isEqualTo("postgresql");
    assertThat(JdbcUrls.subProtocol("JDBC:MariaDB://h/db")).isEqualTo("mariadb");
    assertThat(JdbcUrls.subProtocol("http://h")).isEmpty();
  }
}
