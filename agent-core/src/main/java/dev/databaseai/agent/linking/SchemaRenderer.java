package dev.databaseai.agent.linking;

import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Renders tables compactly for a prompt, one line each: {@code orders(id int PK, customer_id int →
 * customers.id, status order_status [new|paid], …) -- comment}. Bare table names are used when
 * unambiguous in the snapshot. Thread-safe.
 */
public final class SchemaRenderer {

  private static final int MAX_VALUES_SHOWN = 12;

  private final Map<String, Integer> nameCounts = new HashMap<>();

  /** A renderer for tables of {@code schema} (used to decide where bare names are unambiguous). */
  public SchemaRenderer(SchemaSnapshot schema) {
    for (Table table : schema.tables()) {
      nameCounts.merge(table.name().toLowerCase(Locale.ROOT), 1, Integer::sum);
    }
  }

  /** The name to show for {@code table}: bare when unique, else qualified. */
  public String displayName(Table table) {
    return nameCounts.getOrDefault(table.name().toLowerCase(Locale.ROOT), 0) > 1
        ? table.qualifiedName()
        : table.name();
  }

  private String displayName(String schema, String name) {
    return nameCounts.getOrDefault(name.toLowerCase(Locale.ROOT), 0) > 1 && !schema.isEmpty()
        ? schema + "." + name
        : name;
  }

  /** Every column of {@code table}. */
  public String render(Table table, Map<String, List<String>> knownValues) {
    return render(table, c -> true, knownValues);
  }

  /**
   * {@code table} with the columns {@code keep} accepts plus its key columns; the rest summarized
   * as {@code …+N more}.
   */
  public String render(Table table, Predicate<Column> keep, Map<String, List<String>> knownValues) {
    StringBuilder out = new StringBuilder(displayName(table)).append('(');
    Set<String> pk =
        Set.copyOf(table.primaryKey().stream().map(s -> s.toLowerCase(Locale.ROOT)).toList());
    Map<String, String> references = new HashMap<>();
    for (ForeignKey fk : table.foreignKeys()) {
      if (fk.columns().size() == 1 && fk.referencedColumns().size() == 1) {
        references.put(
            fk.columns().get(0).toLowerCase(Locale.ROOT),
            displayName(fk.referencedSchema(), fk.referencedTable())
                + "."
                + fk.referencedColumns().get(0));
      }
    }
    int omitted = 0;
    boolean first = true;
    for (Column column : table.columns()) {
      String lower = column.name().toLowerCase(Locale.ROOT);
      if (!pk.contains(lower) && !references.containsKey(lower) && !keep.test(column)) {
        omitted++;
        continue;
      }
      if (!first) {
        out.append(", ");
      }
      first = false;
      out.append(column.name()).append(' ').append(shortType(column.type()));
      if (pk.contains(lower)) {
        out.append(" PK");
      }
      String target = references.get(lower);
      if (target != null) {
        out.append(" → ").append(target);
      }
      List<String> values =
          column.allowedValues().isEmpty()
              ? knownValues.getOrDefault(column.name(), List.of())
              : column.allowedValues();
      if (!values.isEmpty() && !column.type().toLowerCase(Locale.ROOT).startsWith("enum(")) {
        out.append(" [")
            .append(String.join("|", values.subList(0, Math.min(values.size(), MAX_VALUES_SHOWN))))
            .append(values.size() > MAX_VALUES_SHOWN ? "|…" : "")
            .append(']');
      }
    }
    for (ForeignKey fk : table.foreignKeys()) {
      if (fk.columns().size() > 1) {
        out.append(", (")
            .append(String.join(", ", fk.columns()))
            .append(") → ")
            .append(displayName(fk.referencedSchema(), fk.referencedTable()))
            .append('(')
            .append(String.join(", ", fk.referencedColumns()))
            .append(')');
      }
    }
    if (omitted > 0) {
      out.append(first ? "" : ", ").append("…+").append(omitted).append(" more");
    }
    out.append(')');
    if (!table.comment().isBlank()) {
      out.append(" -- ").append(table.comment().strip().replace('\n', ' '));
    }
    return out.toString();
  }

  /** Common long type names shortened: {@code character varying(80)} → {@code varchar(80)}. */
  static String shortType(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    if (t.startsWith("character varying")) {
      return "varchar" + type.substring("character varying".length());
    }
    if (t.startsWith("timestamp without time zone")) {
      return "timestamp";
    }
    if (t.startsWith("timestamp with time zone")) {
      return "timestamptz";
    }
    if (t.equals("double precision")) {
      return "double";
    }
    if (t.startsWith("character(")) {
      return "char" + type.substring("character".length());
    }
    return type;
  }
}
