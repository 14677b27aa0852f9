package dev.databaseai.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class EvalReportsTest {

  private final List<EvalResult> results =
      List.of(
          new EvalResult("a", "How many?", true, 1, 1, 100, "SELECT 1", "", Optional.of(true), ""),
          new EvalResult(
              "b",
              "Which <devices> & \"sites\"?",
              true,
              3,
              2,
              300,
              "SELECT 2",
              "",
              Optional.of(false),
              "expected 3 rows, got 2"),
          new EvalResult(
              "c",
              "Broken?",
              false,
              4,
              0,
              900,
              "SELECT x",
              "UNDEFINED_COLUMN: column x does not exist",
              Optional.of(false),
              "no answer to compare"),
          new EvalResult("d", "No gold?", true, 2, 5, 200, "SELECT 4", "", Optional.empty(), ""));

  @Test
  void summarisesSuccessAccuracyRetriesAndTimes() {
    EvalSummary s = EvalSummary.of(results, 1600);
    assertThat(s.questions()).isEqualTo(4);
    assertThat(s.succeeded()).isEqualTo(3);
    assertThat(s.successRate()).isEqualTo(0.75);
    assertThat(s.compared()).isEqualTo(3);
    assertThat(s.correct()).isEqualTo(1);
    assertThat(s.executionAccuracy()).isEqualTo(1.0 / 3);
    assertThat(s.retries()).isEqualTo(0 + 2 + 3 + 1);
    assertThat(s.retried()).isEqualTo(3);
    assertThat(s.meanMs()).isEqualTo(375);
    assertThat(s.p95Ms()).isEqualTo(900);
    assertThat(EvalReports.summaryLine(s))
        .isEqualTo(
            "4 questions: 3 answered (75.0%), execution accuracy 1/3 (33.3%), 6 retries in 3 questions, mean 375 ms, p95 900 ms, total 1.6 s");
  }

  @Test
  void p95IsTheNearestRank() {
    List<EvalResult> twenty =
        java.util.stream.IntStream.rangeClosed(1, 20)
            .mapToObj(
                i ->
                    new EvalResult("q" + i, "?", true, 1, 1, i * 10L, "", "", Optional.empty(), ""))
            .toList();
    assertThat(EvalSummary.of(twenty, 0).p95Ms()).isEqualTo(190);
  }

  @Test
  void writesAJsonReportWithSummaryAndEveryQuestion(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("reports/eval.json");
    EvalReports.writeJson(file, "postgres", results, EvalSummary.of(results, 1600));
    JsonNode json = Json.MAPPER.readTree(Files.readString(file));
    assertThat(json.path("dialect").asText()).isEqualTo("postgres");
    assertThat(json.path("summary").path("executionAccuracy").asDouble()).isEqualTo(0.3333);
    assertThat(json.path("questions")).hasSize(4);
    assertThat(json.path("questions").get(1).path("detail").asText())
        .isEqualTo("expected 3 rows, got 2");
    assertThat(json.path("questions").get(3).path("correct").isNull()).isTrue();
  }

  @Test
  void writesWellFormedJunitXmlWithFailuresAndErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("eval.xml");
    EvalReports.writeJunit(file, "postgres", results, EvalSummary.of(results, 1600));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("tests")).isEqualTo("4");
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    assertThat(suite.getAttribute("errors")).isEqualTo("1");
    assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(4);
    Element failure = (Element) doc.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message")).isEqualTo("wrong result: expected 3 rows, got 2");
    assertThat(failure.getTextContent()).contains("Which <devices> & \"sites\"?");
    Element error = (Element) doc.getElementsByTagName("error").item(0);
    assertThat(error.getAttribute("message")).startsWith("UNDEFINED_COLUMN");
  }

  @Test
  void printsATableOfQuestionsAndTheSummary() {
    String text = EvalReports.text(results, EvalSummary.of(results, 1600), false);
    assertThat(text.lines().findFirst().orElseThrow())
        .contains("question", "ok", "attempts", "rows", "ms", "result");
    assertThat(text).contains(" b        | yes |        3 |    2 | 300 | wrong");
    assertThat(text).endsWith("p95 900 ms, total 1.6 s");
  }
}
