package dev.databaseai.agent.analysis;

import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The baseline the design asks us to beat: Levenshtein distance from the offending name (as the
 * dialect extracted it) to every table and column name in the database, best three first — like a
 * 50-line difflib. It knows nothing of aliases, types, functions or the query's tables.
 */
final class NaiveAnalyzer {

  private NaiveAnalyzer() {}

  static List<String> suggest(DbError error, SchemaSnapshot schema) {
    String written = error.identifier().orElse("");
    if (written.isBlank()) {
      return List.of();
    }
    String name =
        written
            .substring(written.lastIndexOf('.') + 1)
            .replace("\"", "")
            .replace("`", "")
            .toLowerCase(Locale.ROOT);
    Set<String> names = new LinkedHashSet<>();
    for (Table table : schema.tables()) {
      names.add(table.name());
      for (Column column : table.columns()) {
        names.add(column.name());
      }
    }
    List<String> ranked = new ArrayList<>(names);
    ranked.sort(Comparator.comparingDouble((String n) -> -ratio(name, n.toLowerCase(Locale.ROOT))));
    return ranked.stream()
        .filter(n -> ratio(name, n.toLowerCase(Locale.ROOT)) >= 0.4)
        .limit(3)
        .toList();
  }

  /** difflib-style similarity: 1 - distance / longer length. */
  static double ratio(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    int longer = Math.max(a.length(), b.length());
    return longer == 0 ? 1 : 1.0 - (double) previous[b.length()] / longer;
  }
}
