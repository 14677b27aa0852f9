package dev.databaseai.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The progress lines for the server's SSE events (names and data as docs/api.md records them). */
class StreamStepsTest {

  private static JsonNode json(String text) throws Exception {
    return Json.MAPPER.readTree(text);
  }

  @Test
  void describesEachStepOfAQuestion() throws Exception {
    assertThat(
            StreamSteps.describe(
                "context",
                json(
                    "{\"tables\":[\"public.device\",\"public.location\"],\"tokens\":256,\"fullSchemaTokens\":533}")))
        .isEqualTo("schema context: public.device, public.location (256 tokens)");
    assertThat(
            StreamSteps.describe(
                "sql", json("{\"attempt\":1,\"sql\":\"SELECT\\n  1\",\"promptTokens\":700}")))
        .isEqualTo("the model proposed SQL (attempt 1): SELECT 1");
    assertThat(StreamSteps.describe("executing", json("{\"attempt\":1,\"sql\":\"SELECT 1\"}")))
        .isEqualTo("running the query (attempt 1)");
    assertThat(
            StreamSteps.describe(
                "error",
                json(
                    "{\"attempt\":1,\"sql\":\"SELECT x\",\"error\":{\"category\":\"UNDEFINED_COLUMN\",\"message\":\"column x does not exist\"}}")))
        .isEqualTo(
            "the database refused it (attempt 1): UNDEFINED_COLUMN: column x does not exist");
    assertThat(
            StreamSteps.describe("retry", json("{\"attempt\":2,\"reason\":\"UNDEFINED_COLUMN\"}")))
        .isEqualTo("asking the model to fix it (attempt 2)");
  }

  @Test
  void recognisesTheAnswerAndCountsItsRows() throws Exception {
    JsonNode answer =
        json(
            "{\"sql\":\"SELECT 1\",\"result\":{\"columns\":[],\"rows\":[[1],[2]],\"rowCount\":2},\"attempts\":[{\"sql\":\"SELECT 1\"}]}");
    assertThat(StreamSteps.isAnswer(answer)).isTrue();
    assertThat(StreamSteps.describe("result", answer)).isEqualTo("answer: 2 rows");
    assertThat(StreamSteps.isAnswer(json("{\"attempt\":1,\"sql\":\"SELECT 1\"}"))).isFalse();
  }

  @Test
  void describesAFailedQuestionAndSkipsKeepAlives() throws Exception {
    assertThat(
            StreamSteps.describe(
                "failed",
                json(
                    "{\"error\":{\"code\":\"NO_WORKING_SQL\",\"category\":\"UNDEFINED_TABLE\",\"message\":\"no statement worked\"}}")))
        .isEqualTo("no statement worked: UNDEFINED_TABLE: no statement worked");
    assertThat(StreamSteps.describe("ping", json("{}"))).isEmpty();
  }

  @Test
  void readsAnAnswerWithATraceIntoRecords() throws Exception {
    AskOutcome outcome =
        Json.readAnswer(
            json(
                "{\"sql\":\"SELECT 2\",\"result\":{\"columns\":[{\"name\":\"n\",\"type\":\"int4\"}],\"rows\":[[2.50]],\"rowCount\":1,\"truncated\":false,\"elapsedMs\":3},"
                    + "\"attempts\":[{\"sql\":\"SELECT x\",\"error\":{\"category\":\"UNDEFINED_COLUMN\",\"message\":\"m\",\"hint\":\"h\",\"suggestions\":[\"n\"]},\"promptTokens\":10,\"elapsedMs\":5},"
                    + "{\"sql\":\"SELECT 2\",\"promptTokens\":12,\"elapsedMs\":4}],\"provider\":\"openai\",\"model\":\"m1\",\"elapsedMs\":20}"));
    assertThat(outcome.succeeded()).isTrue();
    assertThat(outcome.attempts()).hasSize(2);
    assertThat(outcome.attempts().get(0).error())
        .get()
        .extracting(QueryError::suggestions)
        .asList()
        .containsExactly("n");
    assertThat((java.math.BigDecimal) outcome.result().get().rows().get(0).get(0))
        .isEqualByComparingTo("2.50");
    assertThat(outcome.lastError()).isEmpty();
  }
}
