package dev.databaseai.server.cli;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One question of an evaluation, with its gold SQL per dialect.
 *
 * @param id a stable identifier (used in reports)
 * @param question the question in plain language
 * @param gold gold SQL by dialect id ({@code postgres}, {@code mysql}…), or under {@code sql} for
 *     every dialect; may be empty (then only success, attempts and time are measured)
 */
public record EvalQuestion(String id, String question, Map<String, String> gold) {

  public EvalQuestion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    gold = Map.copyOf(gold);
  }

  /**
   * The gold SQL for {@code dialect}: its own entry, else the generic {@code sql}; MariaDB uses
   * mysql's.
   */
  public Optional<String> goldFor(String dialect) {
    String own = gold.get(dialect);
    if (own == null && "mariadb".equals(dialect)) {
      own = gold.get("mysql");
    }
    return Optional.ofNullable(own != null ? own : gold.get("sql"));
  }
}
