package dev.databaseai.server.cli;

import dev.databaseai.server.pool.BaseDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A data source that opens a new connection through {@link DriverManager} each time: the CLI runs
 * one command and exits, so a pool would only add start-up time. {@link #toString()} shows neither
 * the password nor the URL's secrets.
 */
final class DriverDataSource extends BaseDataSource {

  private final String url;
  private final String user;
  private final String password;

  DriverDataSource(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password == null ? "" : password;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public Connection getConnection(String username, String pass) throws SQLException {
    return DriverManager.getConnection(url, username, pass);
  }

  @Override
  public String toString() {
    return "DriverDataSource["
        + dev.databaseai.dialect.JdbcUrls.redact(url)
        + " user="
        + user
        + "]";
  }
}
