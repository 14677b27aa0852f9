package dev.databaseai.agent.linking;

import dev.databaseai.dialect.schema.Table;
import java.util.List;

/**
 * The part of a schema a model sees for one question.
 *
 * @param tables the tables chosen, most relevant first
 * @param text the compact rendering of those tables
 * @param tokens the tokens {@code text} takes
 * @param fullSchemaTokens the tokens the whole schema would take in the same rendering
 */
public record SchemaContext(List<Table> tables, String text, int tokens, int fullSchemaTokens) {

  public SchemaContext {
    tables = List.copyOf(tables);
  }

  /** The qualified names of {@link #tables()}. */
  public List<String> tableNames() {
    return tables.stream().map(Table::qualifiedName).toList();
  }
}
