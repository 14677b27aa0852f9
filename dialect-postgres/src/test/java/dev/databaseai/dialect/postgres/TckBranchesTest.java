package dev.databaseai.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.SessionGuards;
import dev.databaseai.dialect.SqlSyntax;
import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.error.ErrorTranslator;
import dev.databaseai.dialect.schema.SchemaIntrospector;
import dev.databaseai.dialect.tck.DialectContractTest;
import dev.databaseai.dialect.tck.ErrorTrigger;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the TCK's category check on purpose-built PostgreSQL dialects, so both of its branches are
 * exercised and shown to catch a dishonest plugin: PostgreSQL itself declares every category.
 */
class TckBranchesTest {

  private static final String ENABLED =
      "dev.databaseai.dialect.postgres.TckBranchesTest#launchedHere";
  private static final String CATEGORY_CHECK =
      "everyDeclaredCategoryIsRaisedAndEveryUndeclaredOneIsNeverReported";
  private static final Set<ErrorCategory> LEFT_OUT =
      EnumSet.of(ErrorCategory.DIVISION_BY_ZERO, ErrorCategory.GROUPING_ERROR);

  @Test
  void undeclaredCategoriesThatAreNeverReportedPassTheUndeclaredBranch() {
    Map<String, TestExecutionResult> results = runCategoryCheck(HonestNarrowTck.class);
    assertThat(results).hasSize(ErrorCategory.values().length);
    assertThat(results.get("DIVISION_BY_ZERO undeclared: never reported").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(results.get("GROUPING_ERROR undeclared: never reported").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
    assertThat(results.values())
        .allSatisfy(
            r -> assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
  }

  @Test
  void anUndeclaredCategoryThatIsStillReportedFailsTheTckNamingIt() {
    Map<String, TestExecutionResult> results = runCategoryCheck(OverReportingTck.class);
    TestExecutionResult division = results.get("DIVISION_BY_ZERO undeclared: never reported");
    assertThat(division.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(division.getThrowable().orElseThrow().getMessage())
        .contains(
            "DIVISION_BY_ZERO is not declared, yet [22012] ERROR: division by zero was reported as it");
    assertThat(results.get("GROUPING_ERROR undeclared: never reported").getStatus())
        .isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(results.get("UNDEFINED_COLUMN declared: raised and translated").getStatus())
        .isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
  }

  @Test
  void aDeclaredCategoryTheDatabaseDoesNotRaiseFailsTheTck() {
    Map<String, TestExecutionResult> results = runCategoryCheck(TriggerThatSucceedsTck.class);
    TestExecutionResult division = results.get("DIVISION_BY_ZERO declared: raised and translated");
    assertThat(division.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
    assertThat(division.getThrowable().orElseThrow().getMessage())
        .contains(
            "DIVISION_BY_ZERO is declared, so 'SELECT id / NULLIF(0, 0) FROM tck_customer' must fail on the database");
    assertThat(
            results.values().stream()
                .filter(r -> r.getStatus() == TestExecutionResult.Status.FAILED))
        .hasSize(1);
  }

  /**
   * True only while {@link #runCategoryCheck} runs the nested TCKs, so a build that selects them by
   * a name pattern (-Dtest=TckBranches*) skips them instead of reporting their deliberate failures.
   */
  private static volatile boolean launchedHere;

  static boolean launchedHere() {
    return launchedHere;
  }

  private static synchronized Map<String, TestExecutionResult> runCategoryCheck(
      Class<? extends DialectContractTest> tck) {
    LauncherDiscoveryRequest request =
        LauncherDiscoveryRequestBuilder.request()
            .selectors(selectMethod(tck, CATEGORY_CHECK))
            .build();
    Map<String, TestExecutionResult> results = new LinkedHashMap<>();
    Launcher launcher = LauncherFactory.create();
    launchedHere = true;
    try {
      launcher.execute(
          request,
          new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
              if (test.isTest()) {
                results.put(test.getDisplayName(), result);
              }
            }
          });
    } finally {
      launchedHere = false;
    }
    return results;
  }

  /** A TCK run on a fresh database for the dialect {@link #dialect()} returns. */
  abstract static class FreshDatabaseTck extends DialectContractTest {
    private final TestDatabase database = TestDatabases.postgres("branches");

    @Override
    protected DataSource dataSource() {
      return database.dataSource();
    }

    @Override
    protected String jdbcUrl() {
      return database.jdbcUrl();
    }
  }

  /** Leaves two categories out and honestly reports them as OTHER. */
  @EnabledIf(ENABLED)
  static class HonestNarrowTck extends FreshDatabaseTck {
    @Override
    protected Dialect dialect() {
      return new NarrowedPostgres(true);
    }
  }

  /** Leaves two categories out but its translator still reports them. */
  @EnabledIf(ENABLED)
  static class OverReportingTck extends FreshDatabaseTck {
    @Override
    protected Dialect dialect() {
      return new NarrowedPostgres(false);
    }
  }

  /** The real dialect with a division-by-zero trigger that PostgreSQL answers with NULL. */
  @EnabledIf(ENABLED)
  static class TriggerThatSucceedsTck extends FreshDatabaseTck {
    @Override
    protected Dialect dialect() {
      return new PostgresDialect();
    }

    @Override
    protected Map<ErrorCategory, ErrorTrigger> errorTriggers() {
      Map<ErrorCategory, ErrorTrigger> triggers = new EnumMap<>(super.errorTriggers());
      triggers.put(
          ErrorCategory.DIVISION_BY_ZERO,
          ErrorTrigger.of("SELECT id / NULLIF(0, 0) FROM tck_customer"));
      return triggers;
    }
  }

  /** PostgreSQL without {@link #LEFT_OUT} in its declared categories. */
  private static final class NarrowedPostgres implements Dialect {
    private final PostgresDialect postgres = new PostgresDialect();
    private final boolean honest;

    NarrowedPostgres(boolean honest) {
      this.honest = honest;
    }

    @Override
    public String id() {
      return postgres.id();
    }

    @Override
    public String displayName() {
      return postgres.displayName();
    }

    @Override
    public boolean acceptsJdbcUrl(String jdbcUrl) {
      return postgres.acceptsJdbcUrl(jdbcUrl);
    }

    @Override
    public ErrorTranslator errorTranslator() {
      return exception -> {
        DbError error = postgres.errorTranslator().translate(exception);
        return honest && LEFT_OUT.contains(error.category())
            ? error.withCategory(ErrorCategory.OTHER)
            : error;
      };
    }

    @Override
    public SchemaIntrospector introspector() {
      return postgres.introspector();
    }

    @Override
    public SqlSyntax syntax() {
      return postgres.syntax();
    }

    @Override
    public SessionGuards sessionGuards() {
      return postgres.sessionGuards();
    }

    @Override
    public Set<ErrorCategory> supportedErrorCategories() {
      Set<ErrorCategory> declared = EnumSet.allOf(ErrorCategory.class);
      declared.removeAll(LEFT_OUT);
      return declared;
    }
  }
}
