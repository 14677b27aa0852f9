package dev.databaseai.agent.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.agent.ScriptedChatModels;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Runs the documented example end to end on PostgreSQL, with a scripted model in place of an LLM.
 */
class EmbeddingExampleTest {

  @Test
  void theDocumentedExampleAnswersAQuestionAndAFollowUp() {
    TestDatabase db = TestDatabases.postgres("example");
    db.execute(
        "CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(20), city VARCHAR(40))",
        "INSERT INTO orders VALUES (1, 'paid', 'Berlin'), (2, 'paid', 'Paris'), (3, 'open', 'Berlin')");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    EmbeddingExample.run(
        new EmbeddingExample.DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password()),
        db.jdbcUrl(),
        ScriptedChatModels.answering(
            "```sql\nSELECT status, COUNT(*) AS n FROM orders GROUP BY status ORDER BY status\n```",
            "```sql\nSELECT status, COUNT(*) AS n FROM orders WHERE city = 'Berlin' GROUP BY status ORDER BY status\n```"),
        "How many orders per status?",
        "and only the ones in Berlin?",
        new PrintStream(buffer, true, StandardCharsets.UTF_8));

    String out = buffer.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("SQL: SELECT status, COUNT(*) AS n FROM orders GROUP BY status")
        .contains("[open, 1]")
        .contains("[paid, 2]")
        .contains("[paid, 1]")
        .contains("[context]")
        .contains("[result]");
  }
}
