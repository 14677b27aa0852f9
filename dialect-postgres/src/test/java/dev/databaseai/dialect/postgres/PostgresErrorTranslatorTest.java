package dev.databaseai.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.error.ErrorTranslator;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.net.URL;
import java.net.URLClassLoader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every case is a real error raised by a real PostgreSQL server, translated as the agent sees it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresErrorTranslatorTest {

  private final TestDatabase database = TestDatabases.postgres("errors");
  private final PostgresErrorTranslator translator = new PostgresErrorTranslator();

  @BeforeAll
  void schema() {
    database.execute(
        "CREATE TABLE web_user (id integer PRIMARY KEY, name text NOT NULL, created_at timestamp,"
            + " active boolean, score double precision)",
        "CREATE TABLE role_permissions (role_id integer, permission text)",
        "CREATE TABLE department (id integer PRIMARY KEY, dept_name text)",
        "CREATE TABLE employee (id integer PRIMARY KEY, dept_id integer REFERENCES department (id))",
        "INSERT INTO web_user VALUES (1, 'Ada', now(), true, 1.5)");
  }

  @Test
  void qualifiedUnknownColumnKeepsTheAliasAndThePosition() throws SQLException {
    DbError error = fail("SELECT r.user_id FROM role_permissions r");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_COLUMN);
    assertThat(error.sqlState()).isEqualTo("42703");
    assertThat(error.identifier()).contains("r.user_id");
    assertThat(error.position()).isEqualTo(OptionalInt.of(8));
    assertThat(error.message()).isEqualTo("column r.user_id does not exist");
  }

  @Test
  void unqualifiedUnknownColumnIsTheBareName() throws SQLException {
    DbError error = fail("SELECT user_id FROM role_permissions");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_COLUMN);
    assertThat(error.identifier()).contains("user_id");
  }

  @Test
  void aliasNeverDefinedIsAnUndefinedTableNamingTheAlias() throws SQLException {
    DbError error =
        fail("SELECT d.dept_name FROM employee e JOIN department ON department.id = e.dept_id");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_TABLE);
    assertThat(error.sqlState()).isEqualTo("42P01");
    assertThat(error.message()).contains("missing FROM-clause entry");
    assertThat(error.identifier()).contains("d");
    assertThat(error.position()).isEqualTo(OptionalInt.of(8));
  }

  @Test
  void unknownTableNamesTheRelation() throws SQLException {
    DbError error = fail("SELECT * FROM users");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_TABLE);
    assertThat(error.identifier()).contains("users");
    assertThat(error.position()).isEqualTo(OptionalInt.of(15));
  }

  @Test
  void unknownSchemaQualifiedTableKeepsTheQualifiedName() throws SQLException {
    DbError error = fail("SELECT * FROM sales.orders");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_TABLE);
    assertThat(error.identifier()).contains("sales.orders");
  }

  @Test
  void ambiguousColumnNamesTheColumn() throws SQLException {
    DbError error =
        fail("SELECT id FROM employee JOIN department ON department.id = employee.dept_id");
    assertThat(error.category()).isEqualTo(ErrorCategory.AMBIGUOUS_COLUMN);
    assertThat(error.sqlState()).isEqualTo("42702");
    assertThat(error.identifier()).contains("id");
  }

  @Test
  void roundOfDoublePrecisionIsAnUndefinedFunctionWithBothArgumentTypes() throws SQLException {
    DbError error = fail("SELECT ROUND(score, 2) FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(error.identifier()).contains("round");
    assertThat(error.types()).containsExactly("double precision", "integer");
    assertThat(error.serverHint()).isPresent();
  }

  @Test
  void sumOfBooleanNamesTheBooleanArgument() throws SQLException {
    DbError error = fail("SELECT SUM(active) FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(error.identifier()).contains("sum");
    assertThat(error.types()).containsExactly("boolean");
  }

  @Test
  void foreignFunctionIsUndefinedWithItsName() throws SQLException {
    DbError error = fail("SELECT IFNULL(name, 'nobody') FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(error.identifier()).contains("ifnull");
    assertThat(error.types()).containsExactly("text", "unknown");
  }

  @Test
  void extractFromTextNamesTheTextArgument() throws SQLException {
    DbError error = fail("SELECT EXTRACT(YEAR FROM name) FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(error.identifier()).contains("extract");
    assertThat(error.types()).contains("text");
  }

  @Test
  void comparingIntegerWithTextIsATypeMismatchWithBothTypes() throws SQLException {
    DbError error = fail("SELECT * FROM web_user WHERE id = name");
    assertThat(error.category()).isEqualTo(ErrorCategory.TYPE_MISMATCH);
    assertThat(error.sqlState()).isEqualTo("42883");
    assertThat(error.identifier()).contains("=");
    assertThat(error.types()).containsExactly("integer", "text");
  }

  @Test
  void comparingIntegerWithVarcharKeepsMultiWordTypes() throws SQLException {
    DbError error = fail("SELECT * FROM web_user WHERE id = 'x'::varchar");
    assertThat(error.category()).isEqualTo(ErrorCategory.TYPE_MISMATCH);
    assertThat(error.types()).containsExactly("integer", "character varying");
  }

  @Test
  void likeOnAnIntegerColumnIsATypeMismatchNamedLike() throws SQLException {
    DbError error = fail("SELECT * FROM web_user WHERE id LIKE '1%'");
    assertThat(error.category()).isEqualTo(ErrorCategory.TYPE_MISMATCH);
    assertThat(error.message()).isEqualTo("operator does not exist: integer ~~ unknown");
    assertThat(error.identifier()).contains("LIKE");
    assertThat(error.types()).containsExactly("integer", "unknown");
  }

  @Test
  void unknownOperatorStaysAnUndefinedFunction() throws SQLException {
    DbError error = fail("SELECT 1 === 1");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(error.identifier()).contains("===");
  }

  @Test
  void nonBooleanWhereIsATypeMismatchWithBothTypes() throws SQLException {
    DbError error = fail("SELECT * FROM web_user WHERE id");
    assertThat(error.category()).isEqualTo(ErrorCategory.TYPE_MISMATCH);
    assertThat(error.sqlState()).isEqualTo("42804");
    assertThat(error.types()).containsExactly("boolean", "integer");
  }

  @Test
  void caseBranchesOfDifferentTypesAreATypeMismatch() throws SQLException {
    DbError error = fail("SELECT CASE WHEN active THEN 1 ELSE name END FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.TYPE_MISMATCH);
    assertThat(error.message()).isEqualTo("CASE types text and integer cannot be matched");
    assertThat(error.types()).containsExactly("text", "integer");
  }

  @Test
  void unknownTypeNameFromAnotherDialectIsUndefinedWithTheTypeName() throws SQLException {
    DbError error = fail("SELECT CAST(name AS nvarchar) FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.UNDEFINED_FUNCTION);
    assertThat(error.sqlState()).isEqualTo("42704");
    assertThat(error.identifier()).contains("nvarchar");
  }

  @Test
  void textThatIsNotANumberIsAnInvalidLiteralWithValueAndType() throws SQLException {
    DbError error = fail("SELECT * FROM web_user WHERE id = 'abc'");
    assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_LITERAL);
    assertThat(error.sqlState()).isEqualTo("22P02");
    assertThat(error.identifier()).contains("abc");
    assertThat(error.types()).containsExactly("integer");
  }

  @Test
  void impossibleDateIsAnInvalidLiteral() throws SQLException {
    DbError error = fail("SELECT * FROM web_user WHERE created_at > '2024-13-45'");
    assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_LITERAL);
    assertThat(error.identifier()).contains("2024-13-45");
  }

  @Test
  void malformedDateIsAnInvalidLiteralWithTheType() throws SQLException {
    DbError error = fail("SELECT DATE 'yesterday-ish'");
    assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_LITERAL);
    assertThat(error.types()).containsExactly("date");
    assertThat(error.identifier()).contains("yesterday-ish");
  }

  @Test
  void numberTooLargeForTheTypeIsAnInvalidLiteral() throws SQLException {
    DbError error = fail("SELECT '99999999999'::integer");
    assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_LITERAL);
    assertThat(error.sqlState()).isEqualTo("22003");
    assertThat(error.identifier()).contains("99999999999");
    assertThat(error.types()).containsExactly("integer");
  }

  @Test
  void unknownDateTruncUnitIsAnInvalidLiteral() throws SQLException {
    DbError error = fail("SELECT date_trunc('yearz', created_at) FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.INVALID_LITERAL);
    assertThat(error.identifier()).contains("yearz");
  }

  @Test
  void columnMissingFromGroupByIsAGroupingErrorNamingIt() throws SQLException {
    DbError error = fail("SELECT role_id, permission FROM role_permissions GROUP BY role_id");
    assertThat(error.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(error.sqlState()).isEqualTo("42803");
    assertThat(error.identifier()).contains("role_permissions.permission");
  }

  @Test
  void orderByOutsideTheSelectListOfDistinctIsAGroupingError() throws SQLException {
    DbError error = fail("SELECT DISTINCT name FROM web_user ORDER BY created_at");
    assertThat(error.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(error.sqlState()).isEqualTo("42P10");
    assertThat(error.message())
        .isEqualTo("for SELECT DISTINCT, ORDER BY expressions must appear in select list");
    assertThat(error.position()).isEqualTo(OptionalInt.of(45));
  }

  @Test
  void distinctOnThatDoesNotLeadOrderByIsAGroupingError() throws SQLException {
    DbError error =
        fail(
            "SELECT DISTINCT ON (role_id) role_id, permission FROM role_permissions ORDER BY permission");
    assertThat(error.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(error.sqlState()).isEqualTo("42P10");
  }

  @Test
  void aPositionBeyondTheSelectListIsAGroupingErrorNamingThePosition() throws SQLException {
    DbError order = fail("SELECT name FROM web_user ORDER BY 2 DESC");
    assertThat(order.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(order.sqlState()).isEqualTo("42P10");
    assertThat(order.identifier()).contains("ORDER BY 2");
    DbError group = fail("SELECT name, count(*) FROM web_user GROUP BY 3");
    assertThat(group.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(group.identifier()).contains("GROUP BY 3");
    DbError distinctOn = fail("SELECT DISTINCT ON (4) name FROM web_user");
    assertThat(distinctOn.identifier()).contains("DISTINCT ON 4");
  }

  @Test
  void onConflictWithoutAMatchingConstraintIsTheOne42P10ThatStaysOther() throws SQLException {
    DbError error =
        fail("INSERT INTO web_user (id, name) VALUES (7, 'x') ON CONFLICT (name) DO NOTHING");
    assertThat(error.sqlState()).isEqualTo("42P10");
    assertThat(error.category()).isEqualTo(ErrorCategory.OTHER);
  }

  @Test
  void aggregateInWhereIsAGroupingError() throws SQLException {
    DbError error = fail("SELECT role_id FROM role_permissions WHERE count(*) > 1");
    assertThat(error.category()).isEqualTo(ErrorCategory.GROUPING_ERROR);
    assertThat(error.message()).contains("aggregate functions are not allowed in WHERE");
  }

  @Test
  void tSqlTopIsASyntaxErrorNearTheToken() throws SQLException {
    DbError error = fail("SELECT TOP 5 name FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.SYNTAX_ERROR);
    assertThat(error.sqlState()).isEqualTo("42601");
    assertThat(error.identifier()).contains("5");
    assertThat(error.position()).isEqualTo(OptionalInt.of(12));
  }

  @Test
  void backticksAreASyntaxErrorReportedAtTheNextToken() throws SQLException {
    // PostgreSQL lexes the backticks as an operator and complains at the token after them.
    DbError error = fail("SELECT `name` FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.SYNTAX_ERROR);
    assertThat(error.identifier()).contains("FROM");
    assertThat(error.position()).isEqualTo(OptionalInt.of(15));
  }

  @Test
  void integerDivisionByZero() throws SQLException {
    DbError error = fail("SELECT id / 0 FROM web_user");
    assertThat(error.category()).isEqualTo(ErrorCategory.DIVISION_BY_ZERO);
    assertThat(error.sqlState()).isEqualTo("22012");
  }

  @Test
  void missingPrivilegeIsPermissionDeniedNamingTheTable() throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      // A predefined role without privileges on web_user: no role to create and leave behind.
      statement.execute("SET ROLE pg_monitor");
      DbError error = failOn(connection, "SELECT * FROM web_user");
      assertThat(error.category()).isEqualTo(ErrorCategory.PERMISSION_DENIED);
      assertThat(error.sqlState()).isEqualTo("42501");
      assertThat(error.identifier()).contains("web_user");
    }
  }

  @Test
  void writeOnGuardedConnectionIsAReadOnlyViolation() throws SQLException {
    try (Connection connection = database.connect()) {
      new PostgresSessionGuards().apply(connection, GuardSettings.DEFAULT);
      DbError error = failOn(connection, "UPDATE web_user SET name = 'Mallory'");
      assertThat(error.category()).isEqualTo(ErrorCategory.READ_ONLY_VIOLATION);
      assertThat(error.sqlState()).isEqualTo("25006");
      assertThat(error.message()).isEqualTo("cannot execute UPDATE in a read-only transaction");
    }
  }

  @Test
  void statementTimeoutIsATimeout() throws SQLException {
    try (Connection connection = database.connect()) {
      new PostgresSessionGuards()
          .apply(connection, new GuardSettings(true, Duration.ofMillis(200), 10));
      DbError error = failOn(connection, "SELECT pg_sleep(5)");
      assertThat(error.category()).isEqualTo(ErrorCategory.TIMEOUT);
      assertThat(error.sqlState()).isEqualTo("57014");
    }
  }

  @Test
  void terminatedBackendIsAConnectionError() throws SQLException {
    DbError error = fail("SELECT pg_terminate_backend(pg_backend_pid())");
    assertThat(error.category()).isEqualTo(ErrorCategory.CONNECTION);
    assertThat(error.sqlState()).isEqualTo("57P01");
  }

  @Test
  void closedConnectionIsAConnectionError() throws SQLException {
    Connection connection = database.connect();
    Statement statement = connection.createStatement();
    connection.close();
    try {
      statement.executeQuery("SELECT 1");
      throw new AssertionError("a closed connection ran a query");
    } catch (SQLException e) {
      DbError error = translator.translate(e);
      assertThat(error.category()).isEqualTo(ErrorCategory.CONNECTION);
      assertThat(error.sqlState()).startsWith("08");
    }
  }

  @Test
  void uniqueViolationIsOtherWithDetailAndStateIntact() throws SQLException {
    DbError error = fail("INSERT INTO web_user (id, name) VALUES (1, 'Again')");
    assertThat(error.category()).isEqualTo(ErrorCategory.OTHER);
    assertThat(error.sqlState()).isEqualTo("23505");
    assertThat(error.message()).startsWith("duplicate key value violates unique constraint");
    assertThat(error.detail()).contains("Key (id)=(1) already exists.");
  }

  @Test
  void withoutTheDriversStructuredFieldsTheFormattedMessageGivesTheSameResult()
      throws SQLException {
    for (String sql :
        List.of(
            "SELECT r.user_id FROM role_permissions r",
            "SELECT ROUND(score, 2) FROM web_user",
            "SELECT * FROM web_user WHERE id = 'x'::varchar",
            "INSERT INTO web_user (id, name) VALUES (1, 'Again')")) {
      SQLException real = raise(sql);
      // The same text and SQLSTATE without pgjdbc's ServerErrorMessage, as a wrapper or proxy
      // passes them on.
      SQLException plain =
          new SQLException(real.getMessage(), real.getSQLState(), real.getErrorCode());
      DbError structured = translator.translate(real);
      DbError parsed = translator.translate(plain);
      assertThat(parsed).as(sql).isEqualTo(structured);
    }
  }

  @Test
  void translatesWithoutThePostgresDriverOnTheClassPath() throws Exception {
    SQLException real = raise("SELECT r.user_id FROM role_permissions r");
    URL[] classes = {
      PostgresErrorTranslator.class.getProtectionDomain().getCodeSource().getLocation(),
      ErrorTranslator.class.getProtectionDomain().getCodeSource().getLocation()
    };
    try (URLClassLoader withoutDriver =
        new URLClassLoader(classes, ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(
              () -> Class.forName("org.postgresql.util.PSQLException", false, withoutDriver))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> translatorClass = withoutDriver.loadClass(PostgresErrorTranslator.class.getName());
      Object isolated = translatorClass.getConstructor().newInstance();
      SQLException plain = new SQLException(real.getMessage(), real.getSQLState());
      Object error =
          translatorClass.getMethod("translate", SQLException.class).invoke(isolated, plain);
      assertThat(error.getClass().getMethod("category").invoke(error))
          .hasToString("UNDEFINED_COLUMN");
      assertThat(error.getClass().getMethod("identifier").invoke(error))
          .isEqualTo(Optional.of("r.user_id"));
      assertThat(error.getClass().getMethod("position").invoke(error)).isEqualTo(OptionalInt.of(8));
      assertThat(error.getClass().getMethod("message").invoke(error))
          .isEqualTo("column r.user_id does not exist");
    }
  }

  private DbError fail(String sql) throws SQLException {
    return translator.translate(raise(sql));
  }

  private SQLException raise(String sql) throws SQLException {
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      return e;
    }
    throw new AssertionError("expected PostgreSQL to reject: " + sql);
  }

  private DbError failOn(Connection connection, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      return translator.translate(e);
    }
    throw new AssertionError("expected PostgreSQL to reject: " + sql);
  }
}
