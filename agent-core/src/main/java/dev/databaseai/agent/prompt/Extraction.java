package dev.databaseai.agent.prompt;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link SqlExtractor} found in a model's answer: one statement, or the reason there is none.
 *
 * @param sql the statement, without a trailing semicolon, when one was found
 * @param problem why no statement could be taken (empty when {@code sql} is present)
 */
public record Extraction(Optional<String> sql, String problem) {

  public Extraction {
    Objects.requireNonNull(sql, "sql");
    problem = problem == null ? "" : problem;
  }

  static Extraction of(String sql) {
    return new Extraction(Optional.of(sql), "");
  }

  static Extraction refused(String problem) {
    return new Extraction(Optional.empty(), problem);
  }
}
