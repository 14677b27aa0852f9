package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code schema}: prints the tables, columns, keys and comments the agent sees. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = "Print the database's tables, columns, types, keys and comments.")
final class SchemaCommand implements Callable<Integer> {

  private final CliContext context;

  @Mixin ConnectionOptions connection = new ConnectionOptions();
  @Mixin OutputOptions output = new OutputOptions();

  @Option(names = "--table", paramLabel = "NAME", description = "Only these tables (repeatable)")
  Set<String> tables = new HashSet<>();

  SchemaCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Printer printer = new Printer(context, output);
    JsonNode schema;
    try (Backend backend = Backends.open(connection, context, printer.progress())) {
      schema = backend.schema();
    }
    JsonNode all = schema.isArray() ? schema : schema.path("tables");
    ArrayNode chosen = Json.MAPPER.createArrayNode();
    Set<String> wanted = new HashSet<>();
    tables.forEach(t -> wanted.add(t.toLowerCase(Locale.ROOT)));
    for (JsonNode t : all) {
      String name = t.path("name").asText().toLowerCase(Locale.ROOT);
      String qualified =
          (t.path("schema").asText("").isEmpty()
                  ? ""
                  : t.path("schema").asText().toLowerCase(Locale.ROOT) + ".")
              + name;
      if (wanted.isEmpty() || wanted.contains(name) || wanted.contains(qualified)) {
        chosen.add(t);
      }
    }
    if (!wanted.isEmpty() && chosen.isEmpty()) {
      throw new CliException(
          ExitCodes.QUERY_FAILED,
          "No table named "
              + tables
              + " in this database. Run 'schema' without --table to list them.");
    }
    if (printer.json()) {
      ObjectNode out = Json.MAPPER.createObjectNode();
      out.put("databaseProduct", schema.path("databaseProduct").asText(""));
      out.set("tables", chosen);
      printer.json(out);
    } else {
      printer.line(render(chosen, printer));
    }
    return ExitCodes.OK;
  }

  private static String render(JsonNode tables, Printer printer) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode t : tables) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      String schemaName = t.path("schema").asText("");
      String kind = t.path("kind").asText("TABLE").toLowerCase(Locale.ROOT).replace('_', ' ');
      long rows = t.path("approximateRows").asLong(-1);
      sb.append(
              printer.paint(
                  Ansi.BOLD,
                  (schemaName.isEmpty() ? "" : schemaName + ".") + t.path("name").asText()))
          .append(" (")
          .append(kind)
          .append(rows >= 0 ? ", ~" + rows + " rows" : "")
          .append(')');
      if (!t.path("comment").asText("").isBlank()) {
        sb.append(" - ").append(t.path("comment").asText());
      }
      sb.append('\n');
      Set<String> pk = new HashSet<>();
      t.path("primaryKey").forEach(c -> pk.add(c.asText()));
      Map<String, String> fks = new HashMap<>();
      for (JsonNode fk : t.path("foreignKeys")) {
        JsonNode cols = fk.path("columns");
        JsonNode refs = fk.path("referencedColumns");
        for (int i = 0; i < cols.size(); i++) {
          fks.put(
              cols.get(i).asText(),
              fk.path("referencedTable").asText() + "." + refs.path(i).asText());
        }
      }
      int nameWidth = 4;
      int typeWidth = 4;
      for (JsonNode c : t.path("columns")) {
        nameWidth = Math.max(nameWidth, c.path("name").asText().length());
        typeWidth = Math.max(typeWidth, c.path("type").asText().length());
      }
      for (JsonNode c : t.path("columns")) {
        String name = c.path("name").asText();
        StringBuilder line =
            new StringBuilder("  ")
                .append(pad(name, nameWidth))
                .append("  ")
                .append(pad(c.path("type").asText(), typeWidth));
        line.append(c.path("nullable").asBoolean(true) ? "          " : "  not null");
        if (pk.contains(name)) {
          line.append("  PK");
        }
        if (fks.containsKey(name)) {
          line.append("  -> ").append(fks.get(name));
        }
        if (!c.path("comment").asText("").isBlank()) {
          line.append("  -- ").append(c.path("comment").asText());
        }
        sb.append(line.toString().stripTrailing()).append('\n');
      }
    }
    return sb.toString().stripTrailing();
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
