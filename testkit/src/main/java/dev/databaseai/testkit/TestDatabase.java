package dev.databaseai.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * One database on a real server, isolated for one test class or suite: a fresh database created on
 * the shared server, so tests never see each other's tables.
 *
 * @param kind which server family
 * @param jdbcUrl the URL of this database
 * @param username the user
 * @param password the password (may be empty); never printed by {@link #toString()}
 */
public record TestDatabase(Kind kind, String jdbcUrl, String username, String password) {

  /** The server families tests run against. */
  public enum Kind {
    POSTGRES,
    MARIADB
  }

  public TestDatabase {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(username, "username");
    password = password == null ? "" : password;
  }

  /** A fresh connection; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, username, password);
  }

  /** A simple non-pooling data source over {@link #connect()}. */
  public DataSource dataSource() {
    return new SimpleDataSource(this);
  }

  /** Runs each statement in order on a fresh connection (fixture set-up). */
  public void execute(String... statements) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("fixture SQL failed on " + kind + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "TestDatabase[" + kind + " " + jdbcUrl + " user=" + username + "]";
  }
}
