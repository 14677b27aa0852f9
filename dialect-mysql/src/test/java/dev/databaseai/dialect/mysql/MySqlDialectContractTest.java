package dev.databaseai.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.tck.DialectContractTest;
import dev.databaseai.dialect.tck.ErrorTrigger;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * MySQL / MariaDB pass the dialect TCK on a real server (embedded MariaDB 11.4 by default, or the
 * server named by {@code DATABASEAI_TEST_MYSQL_URL}). The hooks swap PostgreSQL-only SQL for MySQL
 * SQL; where MySQL and MariaDB need different SQL for the same error, the trigger carries both in
 * executable comments ({@code /*M!…} runs on MariaDB only, {@code /*!50708…} on MySQL only). No
 * trigger creates an account (accounts are server-wide and would outlive the test database); the
 * run checks that.
 */
class MySqlDialectContractTest extends DialectContractTest {

  private final TestDatabase database = TestDatabases.mariadb("tck");

  private Set<String> accountsBefore;

  @BeforeAll
  void recordAccounts() throws SQLException {
    accountsBefore = accounts();
  }

  @AfterAll
  void leavesNoAccountBehind() throws SQLException {
    // On a shared external server other builds may create accounts meanwhile: judge the TCK's own.
    Set<String> created = accounts();
    created.removeAll(accountsBefore);
    created.removeIf(account -> !account.toLowerCase(Locale.ROOT).contains("tck"));
    assertThat(created).as("accounts the TCK created and left on the server").isEmpty();
  }

  private Set<String> accounts() throws SQLException {
    Set<String> accounts = new TreeSet<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT User, Host FROM mysql.user")) {
      while (rows.next()) {
        accounts.add(rows.getString(1) + "@" + rows.getString(2));
      }
    }
    return accounts;
  }

  @Override
  protected Dialect dialect() {
    return new MySqlDialect();
  }

  @Override
  protected DataSource dataSource() {
    return database.dataSource();
  }

  @Override
  protected String jdbcUrl() {
    return database.jdbcUrl();
  }

  @Override
  protected List<String> commentStatements() {
    return List.of(
        "ALTER TABLE tck_customer COMMENT = 'People who buy'",
        "ALTER TABLE tck_customer MODIFY email VARCHAR(200) NULL COMMENT 'Contact address'");
  }

  @Override
  protected Map<ErrorCategory, ErrorTrigger> errorTriggers() {
    Map<ErrorCategory, ErrorTrigger> triggers = new EnumMap<>(super.errorTriggers());
    // MySQL compares a DATE with 42 by coercion; both servers reject operand types they cannot
    // coerce: MariaDB a geometry compared with a number (4078), MySQL a number where JSON is
    // required (3146).
    triggers.put(
        ErrorCategory.TYPE_MISMATCH,
        ErrorTrigger.of(
            "SELECT id FROM tck_orders WHERE /*M!100000 POINT(1, 1) = id */"
                + " /*!50708 JSON_EXTRACT(id, '$.a') IS NULL */"));
    // Without ONLY_FULL_GROUP_BY (MariaDB's default) a bare column beside GROUP BY is accepted;
    // an aggregate in WHERE is an error on every sql_mode (1111).
    triggers.put(
        ErrorCategory.GROUPING_ERROR,
        ErrorTrigger.of("SELECT customer_id FROM tck_orders WHERE COUNT(*) > 1"));
    // A SELECT returns NULL for x / 0; a write in strict mode fails with 1365.
    triggers.put(
        ErrorCategory.DIVISION_BY_ZERO,
        ErrorTrigger.afterSetup(
            List.of("SET SESSION sql_mode = 'STRICT_ALL_TABLES,ERROR_FOR_DIVISION_BY_ZERO'"),
            "UPDATE tck_product SET price = price / 0 WHERE id = 1"));
    // No account, not even root, may change information_schema (1044).
    triggers.put(
        ErrorCategory.PERMISSION_DENIED,
        ErrorTrigger.of("UPDATE information_schema.TABLES SET TABLE_NAME = 'tck_x'"));
    // MariaDB answers KILL of the own connection with 1927 "Connection was killed".
    triggers.put(ErrorCategory.CONNECTION, ErrorTrigger.of("KILL CONNECTION_ID()"));
    return triggers;
  }

  /** SLEEP() inside a condition, so MySQL reports the interruption as an error (not as 1). */
  @Override
  protected String sleepSql(int seconds) {
    return "SELECT 1 FROM DUAL WHERE SLEEP(" + seconds + ") = 0";
  }

  /**
   * The switches the guarded session survives. {@code SET SESSION TRANSACTION READ WRITE} and
   * {@code SET @@SESSION.transaction_read_only = 0} are left out: both servers accept them from any
   * account and they outlive a rollback; {@code SqlGuard} refuses every SET before it reaches the
   * server and {@link MySqlSessionGuards#isReadOnly} detects the switch ({@code
   * MySqlSessionGuardsTest} proves both facts).
   */
  @Override
  protected List<String> hostileReadWriteStatements() {
    return List.of(
        "START TRANSACTION READ WRITE",
        "SET TRANSACTION READ WRITE",
        "SET autocommit = 1",
        "SET STATEMENT transaction_read_only = 0 FOR SELECT 1",
        "COMMIT AND CHAIN");
  }
}
