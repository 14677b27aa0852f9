package dev.databaseai.server.pool;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

/**
 * A tenant's pool as the rest of the server sees it: borrowing is bounded by the acquire timeout,
 * and running out raises {@link ConnectionsExhaustedException} naming the cap that was reached —
 * the pool's own maximum, or the global cap on physical connections ({@link ConnectionBudget}).
 * Thread-safe.
 */
final class CappedDataSource extends BaseDataSource {

  private final HikariDataSource pool;
  private final ConnectionBudget budget;
  private final Duration acquireTimeout;

  CappedDataSource(HikariDataSource pool, ConnectionBudget budget, Duration acquireTimeout) {
    this.pool = pool;
    this.budget = budget;
    this.acquireTimeout = acquireTimeout;
  }

  @Override
  public Connection getConnection() throws SQLException {
    long started = System.nanoTime();
    try {
      return pool.getConnection();
    } catch (SQLTransientConnectionException e) {
      HikariPoolMXBean mx = pool.getHikariPoolMXBean();
      boolean poolFull = mx != null && mx.getTotalConnections() >= pool.getMaximumPoolSize();
      boolean cap = cause(e, ConnectionBudget.CapReachedException.class) != null;
      // No cause and room in the pool: the pool's connection adder is still waiting for a permit.
      if (cap || (!poolFull && e.getCause() == null)) {
        throw new ConnectionsExhaustedException(
            budget.exhaustedMessage(), "databaseai.pools.global-max", e);
      }
      if (!poolFull) {
        throw e; // the database refused or could not be reached: not a cap
      }
      String state =
          mx == null
              ? ""
              : " (total="
                  + mx.getTotalConnections()
                  + ", active="
                  + mx.getActiveConnections()
                  + ", idle="
                  + mx.getIdleConnections()
                  + ", waiting="
                  + mx.getThreadsAwaitingConnection()
                  + ")";
      throw new ConnectionsExhaustedException(
          "All "
              + pool.getMaximumPoolSize()
              + " connections of this database's pool (databaseai.pools.max-per-pool) are in use"
              + state
              + "; waited "
              + Duration.ofNanos(System.nanoTime() - started).toMillis()
              + " ms. Try again shortly, or raise databaseai.pools.max-per-pool.",
          "databaseai.pools.max-per-pool",
          e);
    }
  }

  private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  @Override
  public int getLoginTimeout() {
    return (int) acquireTimeout.toSeconds();
  }

  @Override
  public String toString() {
    return "CappedDataSource[" + pool.getPoolName() + "]";
  }
}
