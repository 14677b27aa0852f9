package dev.databaseai.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.databaseai.server.faults.ApiClient;
import dev.databaseai.server.faults.FakeOpenAi;
import dev.databaseai.server.hostile.HostileStatements.Hostile;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile statements of {@link HostileSqlTest} (every class, a subset of the tricks), now
 * proposed by the model in answer to a question ({@code /ask}, model = a local OpenAI-compatible
 * server that always proposes the hostile statement): the answer carries READ_ONLY_VIOLATION with a
 * reason (or, for a multi-statement answer, only its first read-only query ran), the database is
 * unchanged and no file is written, on a PostgreSQL and a MariaDB session with superuser accounts.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "databaseai.pools.max-per-pool", value = "1")
@Property(name = "databaseai.query.statement-timeout", value = "3s")
@Property(name = "databaseai.llm.provider", value = "openai")
@Property(name = "logger.levels.dev.databaseai.server.access", value = "WARN")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileAskTest {

  private static FakeOpenAi model;

  @Inject EmbeddedServer server;

  private ApiClient api;
  private TestDatabase postgres;
  private TestDatabase mariadb;
  private String postgresSession;
  private String mariadbSession;

  @BeforeAll
  void modelAndClient() throws Exception {
    model = new FakeOpenAi();
    System.setProperty("OPENAI_BASE_URL", model.baseUrl());
    System.setProperty("OPENAI_API_KEY", "sk-hostile-test");
    System.setProperty("OPENAI_MODEL", "fake-sql");
    for (Path file : HostileStatements.targetFiles()) {
      Files.deleteIfExists(file);
    }
    api = new ApiClient(server.getURL().toString(), Duration.ofSeconds(60));
  }

  @BeforeEach
  void askServed() {
    assumeTrue(api.askServed(), "this build does not serve /ask yet");
  }

  @AfterAll
  void stopModel() {
    System.clearProperty("OPENAI_BASE_URL");
    System.clearProperty("OPENAI_API_KEY");
    System.clearProperty("OPENAI_MODEL");
    model.close();
  }

  @AfterEach
  void removeWrittenFiles() throws Exception {
    for (Path file : HostileStatements.writtenFiles()) {
      Files.delete(file);
    }
  }

  private synchronized String postgresSession() {
    if (postgresSession == null) {
      postgres = TestDatabases.postgres("hostile_ask");
      HostileStatements.createFixture(postgres);
      postgresSession =
          api.jdbcSession(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }
    return postgresSession;
  }

  private synchronized String mariadbSession() {
    if (mariadbSession == null) {
      mariadb = TestDatabases.mariadb("hostile_ask");
      HostileStatements.createFixture(mariadb);
      mariadbSession = api.jdbcSession(mariadb.jdbcUrl(), mariadb.username(), mariadb.password());
    }
    return mariadbSession;
  }

  /**
   * One or two of each statement class and trick family: the guard itself is exercised statement by
   * statement in {@link HostileSqlTest}; here what matters is that the agent's path (extraction,
   * guard, execution, retry) lets none of them through. Keeps the suite within its time budget.
   */
  private static final java.util.Set<String> ASK_SUBSET =
      java.util.Set.of(
          "DELETE",
          "UPDATE",
          "INSERT",
          "DROP TABLE",
          "CREATE TABLE AS",
          "TRUNCATE",
          "CALL",
          "SELECT FOR UPDATE",
          "two statements",
          "comment hides the separator",
          "string literal with ; then a real second statement",
          "unicode look-alike keyword (Cyrillic Е)",
          "unicode fullwidth semicolon",
          "leading comment before DELETE",
          "MERGE",
          "REPLACE",
          "GRANT",
          "COPY TO PROGRAM",
          "COPY TO file",
          "DO block",
          "SET SESSION CHARACTERISTICS",
          "SET SESSION TRANSACTION READ WRITE",
          "LOCK TABLE",
          "LOCK TABLES",
          "data-modifying CTE",
          "SELECT INTO",
          "SELECT INTO OUTFILE",
          "pg_read_file, schema-qualified",
          "lo_export",
          "dblink",
          "pg_sleep",
          "set_config on the read-only default",
          "nextval",
          "LOAD_FILE",
          "SLEEP",
          "LOCK IN SHARE MODE",
          "MySQL executable comment with a second statement",
          "executable comment turning SELECT into a write",
          "dollar-quoted string hiding ;",
          "backslash-escaped quote hiding ;");

  static List<Hostile> postgresStatements() {
    return HostileStatements.postgres().stream()
        .filter(h -> ASK_SUBSET.contains(h.label()))
        .toList();
  }

  static List<Hostile> mariadbStatements() {
    return HostileStatements.mariadb().stream()
        .filter(h -> ASK_SUBSET.contains(h.label()))
        .toList();
  }

  @ParameterizedTest(name = "PostgreSQL /ask refuses a model proposing {0}")
  @MethodSource("postgresStatements")
  void postgresAskRefusesWhatTheModelProposes(Hostile hostile) {
    String session = postgresSession();
    assertAskRefusedWithoutEffect(postgres, session, hostile);
  }

  @ParameterizedTest(name = "MariaDB /ask refuses a model proposing {0}")
  @MethodSource("mariadbStatements")
  void mariadbAskRefusesWhatTheModelProposes(Hostile hostile) {
    String session = mariadbSession();
    assertAskRefusedWithoutEffect(mariadb, session, hostile);
  }

  private void assertAskRefusedWithoutEffect(TestDatabase db, String session, Hostile hostile) {
    String before = HostileStatements.checksum(db);
    model.answers(hostile.sql());

    // one attempt: a refusal is final, and the suite stays within its time budget
    ApiClient.Reply reply =
        api.post(
            "/api/v1/sessions/" + session + "/ask",
            "{\"question\":\"Show me the accounts\",\"maxRetries\":0}");

    if (reply.status() == 200) {
      // The agent's SQL extractor keeps the first query of a multi-statement answer and drops the
      // rest, so the hostile part never reaches the guard or the database: what ran must be
      // read-only.
      assertThat(reply.text("sql"))
          .as("%s → ran %s", hostile.sql(), reply.body())
          .doesNotContainPattern("(?i)\\b(delete|update|insert|drop|truncate|grant|copy|set)\\b");
    } else {
      assertThat(reply.status()).as("%s → %s", hostile.sql(), reply.body()).isIn(403, 422);
      assertThat(reply.body())
          .as("refused as READ_ONLY_VIOLATION (or no usable query in the answer): " + hostile)
          .containsAnyOf("READ_ONLY_VIOLATION", "No usable SQL");
    }
    assertThat(HostileStatements.checksum(db))
        .as("database unchanged by " + hostile)
        .isEqualTo(before);
    assertThat(HostileStatements.writtenFiles()).as("no file written by " + hostile).isEmpty();
  }
}
