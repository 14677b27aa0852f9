package dev.databaseai.server.pool;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.GuardSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The physical connections under a pool: each new one is opened through the JDBC driver and put
 * under the dialect's {@link dev.databaseai.dialect.SessionGuards} (read-only, statement timeout)
 * before the pool hands it out. Applying the guards here rather than as a single connection-init
 * string keeps several guard statements working on MySQL, which refuses multi-statement strings by
 * default. Every physical connection counts against the global {@link ConnectionBudget} until it is
 * closed. Holds the password; {@link #toString()} does not show it.
 */
final class GuardedDriverDataSource extends BaseDataSource {

  private final TenantKey key;
  private final String password;
  private final Dialect dialect;
  private final GuardSettings guards;
  private final ConnectionBudget budget;

  GuardedDriverDataSource(
      TenantKey key,
      String password,
      Dialect dialect,
      GuardSettings guards,
      ConnectionBudget budget) {
    this.key = key;
    this.password = password == null ? "" : password;
    this.dialect = dialect;
    this.guards = guards;
    this.budget = budget;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Properties properties = new Properties();
    if (!key.username().isEmpty()) {
      properties.setProperty("user", key.username());
    }
    properties.setProperty("password", password);
    budget.acquire();
    Connection connection;
    try {
      connection = DriverManager.getConnection(key.jdbcUrl(), properties);
    } catch (SQLException | RuntimeException e) {
      budget.release();
      throw e;
    }
    Connection counted = budget.releasingOnClose(connection);
    try {
      dialect.sessionGuards().apply(counted, guards);
      return counted;
    } catch (SQLException | RuntimeException e) {
      counted.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "GuardedDriverDataSource[" + key + "]";
  }
}
