package dev.databaseai.agent.linking;

import dev.databaseai.dialect.schema.Table;

/**
 * An extra opinion on how relevant a table is to a question, added to the linker's lexical score
 * (for example a semantic scorer over embeddings). Implementations must be thread-safe and fast:
 * they are called once per table per question.
 */
@FunctionalInterface
public interface TableScorer {

  /**
   * The relevance of {@code table} to {@code question}: {@code 0} for none; a strong match should
   * be comparable to a table-name match of the lexical scorer (about {@code 5}).
   */
  double score(String question, Table table);
}
