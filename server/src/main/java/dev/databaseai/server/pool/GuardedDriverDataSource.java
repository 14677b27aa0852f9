package dev.databaseai.server.pool;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.GuardSettings;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The physical connections under a pool: each new one is opened through the JDBC driver and put
 * under the dialect's {@link dev.databaseai.dialect.SessionGuards} (read-only, statement timeout)
 * before the pool hands it out. Applying the guards here rather than as a single
 * connection-init string keeps several guard statements working on MySQL, which refuses
 * multi-statement strings by default. Holds the password; {@link #toString()} does not show it.
 */
final class GuardedDriverDataSource implements DataSource {

  private final TenantKey key;
  private final String password;
  private final Dialect dialect;
  private final GuardSettings guards;
  private volatile int loginTimeoutSeconds = 10;

  GuardedDriverDataSource(TenantKey key, String password, Dialect dialect, GuardSettings guards) {
    this.key = key;
    this.password = password == null ? "" : password;
    this.dialect = dialect;
    this.guards = guards;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Properties properties = new Properties();
    if (!key.username().isEmpty()) {
      properties.setProperty("user", key.username());
    }
    properties.setProperty("password", password);
    Connection connection = DriverManager.getConnection(key.jdbcUrl(), properties);
    try {
      dialect.sessionGuards().apply(connection, guards);
      return connection;
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("connections are opened only as the session's user");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // DriverManager logging is not used.
  }

  @Override
  public void setLoginTimeout(int seconds) {
    this.loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no parent logger");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("not a wrapper for " + iface.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "GuardedDriverDataSource[" + key + "]";
  }
}
