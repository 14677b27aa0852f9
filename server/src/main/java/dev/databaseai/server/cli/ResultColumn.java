package dev.databaseai.server.cli;

import java.util.Objects;

/**
 * A column of a query result.
 *
 * @param name the column label as the database reports it
 * @param type the database's type name, or empty when unknown
 */
public record ResultColumn(String name, String type) {

  public ResultColumn {
    Objects.requireNonNull(name, "name");
    type = type == null ? "" : type;
  }
}
