package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes an evaluation as JSON, as JUnit XML (one test case per question) and as a text table. */
public final class EvalReports {

  private EvalReports() {}

  /** {@code {"dialect","summary":{…},"questions":[{…}]}}. */
  public static ObjectNode json(String dialect, List<EvalResult> results, EvalSummary s) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("dialect", dialect);
    root.put("finishedAt", Instant.now().toString());
    ObjectNode summary = root.putObject("summary");
    summary.put("questions", s.questions());
    summary.put("succeeded", s.succeeded());
    summary.put("successRate", round(s.successRate()));
    summary.put("compared", s.compared());
    summary.put("correct", s.correct());
    summary.put("executionAccuracy", round(s.executionAccuracy()));
    summary.put("retries", s.retries());
    summary.put("questionsRetried", s.retried());
    summary.put("meanMs", s.meanMs());
    summary.put("p95Ms", s.p95Ms());
    summary.put("totalMs", s.totalMs());
    ArrayNode questions = root.putArray("questions");
    for (EvalResult r : results) {
      ObjectNode q = questions.addObject();
      q.put("id", r.id());
      q.put("question", r.question());
      q.put("success", r.success());
      q.put("attempts", r.attempts());
      q.put("retries", r.retries());
      q.put("rows", r.rows());
      q.put("elapsedMs", r.elapsedMs());
      q.put("sql", r.sql());
      if (r.correct().isPresent()) {
        q.put("correct", r.correct().get());
      } else {
        q.putNull("correct");
      }
      if (!r.error().isEmpty()) {
        q.put("error", r.error());
      }
      if (!r.detail().isEmpty()) {
        q.put("detail", r.detail());
      }
    }
    return root;
  }

  /** Writes the JSON report to {@code file}, creating parent directories. */
  public static void writeJson(
      Path file, String dialect, List<EvalResult> results, EvalSummary summary) {
    write(file, json(dialect, results, summary).toPrettyString());
  }

  /**
   * Writes a JUnit XML report: a question that found no rows is an {@code <error>}, one whose rows
   * differ from the gold rows a {@code <failure>}.
   */
  public static void writeJunit(
      Path file, String dialect, List<EvalResult> results, EvalSummary s) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        xml.writeStartDocument("UTF-8", "1.0");
        xml.writeCharacters("\n");
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", "databaseai-eval-" + dialect);
        xml.writeAttribute("tests", String.valueOf(s.questions()));
        xml.writeAttribute(
            "failures",
            String.valueOf(results.stream().filter(r -> r.success() && r.failed()).count()));
        xml.writeAttribute("errors", String.valueOf(s.questions() - s.succeeded()));
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds(s.totalMs()));
        xml.writeAttribute("timestamp", Instant.now().toString());
        xml.writeCharacters("\n  ");
        xml.writeStartElement("properties");
        property(xml, "dialect", dialect);
        property(xml, "successRate", String.valueOf(round(s.successRate())));
        property(xml, "executionAccuracy", String.valueOf(round(s.executionAccuracy())));
        property(xml, "retries", String.valueOf(s.retries()));
        property(xml, "meanMs", String.valueOf(s.meanMs()));
        property(xml, "p95Ms", String.valueOf(s.p95Ms()));
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
        for (EvalResult r : results) {
          xml.writeCharacters("\n  ");
          xml.writeStartElement("testcase");
          xml.writeAttribute("classname", "databaseai.eval." + dialect);
          xml.writeAttribute("name", r.id());
          xml.writeAttribute("time", seconds(r.elapsedMs()));
          String body =
              "question: " + r.question() + "\nsql: " + r.sql() + "\nattempts: " + r.attempts();
          if (!r.success()) {
            xml.writeStartElement("error");
            xml.writeAttribute("message", r.error());
            xml.writeAttribute("type", "NoAnswer");
            xml.writeCharacters(body);
            xml.writeEndElement();
          } else if (r.failed()) {
            xml.writeStartElement("failure");
            xml.writeAttribute("message", "wrong result: " + r.detail());
            xml.writeAttribute("type", "WrongResult");
            xml.writeCharacters(body);
            xml.writeEndElement();
          }
          xml.writeEndElement();
        }
        xml.writeCharacters("\n");
        xml.writeEndElement();
        xml.writeCharacters("\n");
        xml.writeEndDocument();
        xml.close();
      }
    } catch (IOException | XMLStreamException e) {
      throw new CliException(
          ExitCodes.QUERY_FAILED,
          "Cannot write the JUnit report to " + file + ": " + e.getMessage(),
          e);
    }
  }

  /** A text table of the results and a summary line, for people. */
  public static String text(List<EvalResult> results, EvalSummary s, boolean colour) {
    List<List<Object>> rows = new ArrayList<>();
    for (EvalResult r : results) {
      String verdict =
          !r.success()
              ? "no answer"
              : r.correct()
                  .map(c -> c ? "correct" : "wrong")
                  .orElse(r.detail().isEmpty() ? "-" : "not compared");
      rows.add(
          List.of(
              r.id(),
              r.success() ? "yes" : "no",
              (long) r.attempts(),
              r.rows(),
              r.elapsedMs(),
              verdict));
    }
    ResultTable table =
        new ResultTable(
            List.of(
                new ResultColumn("question", ""),
                new ResultColumn("ok", ""),
                new ResultColumn("attempts", ""),
                new ResultColumn("rows", ""),
                new ResultColumn("ms", ""),
                new ResultColumn("result", "")),
            rows,
            rows.size(),
            false,
            0);
    return TextTable.render(table, colour) + "\n\n" + summaryLine(s);
  }

  /** {@code 12 questions: 12 answered (100.0%), execution accuracy 11/12 (91.7%), …}. */
  public static String summaryLine(EvalSummary s) {
    return String.format(
        Locale.ROOT,
        "%d questions: %d answered (%.1f%%), execution accuracy %d/%d (%.1f%%), %d %s in %d %s, mean %d ms, p95 %d ms, total %.1f s",
        s.questions(),
        s.succeeded(),
        100 * s.successRate(),
        s.correct(),
        s.compared(),
        100 * s.executionAccuracy(),
        s.retries(),
        s.retries() == 1 ? "retry" : "retries",
        s.retried(),
        s.retried() == 1 ? "question" : "questions",
        s.meanMs(),
        s.p95Ms(),
        s.totalMs() / 1000.0);
  }

  private static void property(XMLStreamWriter xml, String name, String value)
      throws XMLStreamException {
    xml.writeCharacters("\n    ");
    xml.writeEmptyElement("property");
    xml.writeAttribute("name", name);
    xml.writeAttribute("value", value);
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.3f", ms / 1000.0);
  }

  private static double round(double v) {
    return Math.round(v * 10000) / 10000.0;
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, text + "\n");
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.QUERY_FAILED, "Cannot write the report to " + file + ": " + e.getMessage(), e);
    }
  }
}
