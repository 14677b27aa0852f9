package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Prints results and errors in the chosen form: aligned tables for people, JSON for scripts. */
final class Printer {

  private final CliContext context;
  private final boolean json;
  private final boolean colour;

  Printer(CliContext context, OutputOptions output) {
    this.context = context;
    this.json = output.json;
    this.colour = context.terminal() && !output.noColor;
  }

  boolean json() {
    return json;
  }

  /** A progress that writes {@code … step} lines to stderr. */
  Progress progress() {
    return step -> context.err().println(paint(Ansi.DIM, "… " + step));
  }

  void result(ResultTable table) {
    if (json) {
      context.out().println(Json.write(table));
    } else {
      context.out().println(TextTable.render(table, colour));
      context.out().println(paint(Ansi.DIM, TextTable.footer(table)));
    }
  }

  /**
   * A failed query: JSON {@code {"error":…}} on stdout for scripts, sentences on stderr for people.
   */
  void error(QueryError error) {
    if (json) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.set("error", Json.write(error));
      context.out().println(out);
      return;
    }
    context.err().println(paint(Ansi.RED, "error: ") + error.summary());
    if (!error.hint().isBlank()) {
      context.err().println(paint(Ansi.YELLOW, "hint: ") + error.hint());
    }
    if (!error.suggestions().isEmpty()) {
      context
          .err()
          .println(paint(Ansi.YELLOW, "did you mean: ") + String.join(", ", error.suggestions()));
    }
  }

  void json(JsonNode node) {
    context.out().println(node);
  }

  void line(String text) {
    context.out().println(text);
  }

  String paint(String ansi, String text) {
    return colour ? ansi + text + Ansi.RESET : text;
  }
}
