package dev.databaseai.agent.analysis;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** TEMP placeholder until the analysis branch lands: classification plus the tables named in FROM/JOIN. */
public final class ErrorAnalyzer {

  private static final Pattern TABLE_REF = Pattern.compile("(?i)\\b(?:FROM|JOIN)\\s+([\\w.\"`]+)");
  private final Dialect dialect;

  public ErrorAnalyzer(Dialect dialect) {
    this.dialect = dialect;
  }

  public Diagnosis analyze(String sql, SQLException error, SchemaSnapshot schema) {
    return analyze(sql, dialect.errorTranslator().translate(error), schema);
  }

  public Diagnosis analyze(String sql, DbError error, SchemaSnapshot schema) {
    List<String> tables = new ArrayList<>();
    Matcher m = TABLE_REF.matcher(sql);
    while (m.find()) {
      String name = m.group(1).replace("\"", "").replace("`", "");
      schema.table(name).map(Table::qualifiedName).filter(n -> !tables.contains(n)).ifPresent(tables::add);
    }
    List<String> suggestions = new ArrayList<>();
    String id = error.identifier().orElse("");
    String bare = id.contains(".") ? id.substring(id.lastIndexOf('.') + 1) : id;
    for (String t : tables) {
      for (String c : schema.table(t).orElseThrow().columnNames()) {
        if (!bare.isEmpty() && (c.toLowerCase(Locale.ROOT).contains(bare.toLowerCase(Locale.ROOT))
            || bare.toLowerCase(Locale.ROOT).contains(c.toLowerCase(Locale.ROOT)))) {
          suggestions.add(c);
        }
      }
    }
    return new Diagnosis(error.category(), error.sqlState(), error.vendorCode(), error.message(),
        error.identifier(), suggestions, error.serverHint().orElse(""), tables);
  }
}
