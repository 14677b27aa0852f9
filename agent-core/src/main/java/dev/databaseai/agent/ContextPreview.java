package dev.databaseai.agent;

import java.util.List;

/**
 * What the model would see of the schema for a question.
 *
 * @param tables the qualified names of the tables chosen, most relevant first
 * @param tokens the tokens of {@code text}
 * @param fullSchemaTokens the tokens of the whole schema in the same rendering
 * @param text the rendering sent to the model
 */
public record ContextPreview(List<String> tables, int tokens, int fullSchemaTokens, String text) {

  public ContextPreview {
    tables = List.copyOf(tables);
  }
}
