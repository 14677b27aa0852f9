package dev.databaseai.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.llm.TokenCounter;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What prompt budgeting costs and how far the approximation is from the real tokenizer, on schema
 * text of the kind the agent puts into prompts. Run with {@code mvn -B -q -pl llm-openai -am verify
 * -Dsoak -Dtest=TokenCounterBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; it prints one
 * table.
 */
@Tag("benchmark")
class TokenCounterBenchmark {

  private static final String[] TYPES = {
    "integer",
    "bigint",
    "text",
    "varchar(255)",
    "timestamp with time zone",
    "numeric(12,2)",
    "boolean"
  };
  private static final String[] WORDS = {
    "customer",
    "order",
    "invoice",
    "line_item",
    "product",
    "warehouse",
    "shipment",
    "payment",
    "account",
    "region"
  };

  /** About 300 tables of DDL-like schema text, deterministic. */
  static String schemaText() {
    StringBuilder out = new StringBuilder();
    for (int t = 0; t < 300; t++) {
      String table =
          WORDS[t % WORDS.length] + (t / WORDS.length == 0 ? "" : "_" + t / WORDS.length);
      out.append("CREATE TABLE public.").append(table).append(" (\n  id bigint PRIMARY KEY");
      for (int c = 0; c < 8; c++) {
        out.append(",\n  ")
            .append(WORDS[(t + c) % WORDS.length])
            .append(c % 2 == 0 ? "_id " : "_name ")
            .append(TYPES[(t * 7 + c) % TYPES.length]);
      }
      out.append(",\n  created_at timestamp with time zone NOT NULL DEFAULT now()\n);")
          .append(" -- ")
          .append(table.replace('_', ' '))
          .append(" records, one row per ")
          .append(WORDS[(t + 3) % WORDS.length].replace('_', ' '))
          .append('\n');
    }
    return out.toString();
  }

  @Test
  void measuresLoadTimeThroughputAndApproximationError() {
    String schema = schemaText();
    String sql =
        "SELECT c.customer_name, SUM(o.total_amount) AS revenue FROM customer c JOIN \"order\" o ON o.customer_id = c.id"
            + " WHERE o.created_at >= DATE '2024-01-01' GROUP BY c.customer_name HAVING SUM(o.total_amount) > 1000"
            + " ORDER BY revenue DESC LIMIT 10;\n";
    String english =
        "How many customers ordered more than five products in March, by region and payment method? ";
    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "schema text: %d characters%n", schema.length()));
    report.append(
        "| counter | first count (loads table) ms | later count of the schema µs | schema tokens | SQL tokens ×20 | question tokens ×20 |\n");
    report.append("| --- | --- | --- | --- | --- | --- |\n");
    for (String model : new String[] {"gpt-4o", "gpt-4"}) {
      long start = System.nanoTime();
      OpenAiTokenCounter counter = OpenAiTokenCounter.forModel(model).orElseThrow();
      counter.count("warm up");
      long loadMs = (System.nanoTime() - start) / 1_000_000;
      report.append(row(counter.encodingName(), loadMs, counter, schema, sql, english));
    }
    report.append(
        row("approximate (baseline)", 0, TokenCounter.approximate(), schema, sql, english));
    System.out.println(report);
    assertThat(TokenCounter.approximate().count(schema))
        .isGreaterThanOrEqualTo(OpenAiTokenCounter.forModel("gpt-4o").orElseThrow().count(schema));
  }

  private static String row(
      String name, long loadMs, TokenCounter counter, String schema, String sql, String english) {
    int runs = 20;
    counter.count(schema);
    long start = System.nanoTime();
    int tokens = 0;
    for (int i = 0; i < runs; i++) {
      tokens = counter.count(schema);
    }
    long micros = (System.nanoTime() - start) / 1_000 / runs;
    return String.format(
        Locale.ROOT,
        "| %s | %d | %d | %d | %d | %d |%n",
        name,
        loadMs,
        micros,
        tokens,
        counter.count(sql.repeat(20)),
        counter.count(english.repeat(20)));
  }
}
