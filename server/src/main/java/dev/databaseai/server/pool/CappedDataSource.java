package dev.databaseai.server.pool;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * A tenant's pool as the rest of the server sees it: each borrowed connection also holds one permit
 * of the global cap shared by every pool, given back when the connection is closed. Waiting for
 * either the permit or the pool is bounded; running out raises {@link
 * ConnectionsExhaustedException} naming the cap. Thread-safe.
 */
final class CappedDataSource extends BaseDataSource {

  private final HikariDataSource pool;
  private final Semaphore globalPermits;
  private final int globalMax;
  private final IntSupplier poolCount;
  private final Duration acquireTimeout;

  CappedDataSource(
      HikariDataSource pool,
      Semaphore globalPermits,
      int globalMax,
      IntSupplier poolCount,
      Duration acquireTimeout) {
    this.pool = pool;
    this.globalPermits = globalPermits;
    this.globalMax = globalMax;
    this.poolCount = poolCount;
    this.acquireTimeout = acquireTimeout;
  }

  @Override
  public Connection getConnection() throws SQLException {
    long started = System.nanoTime();
    try {
      if (!globalPermits.tryAcquire(acquireTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new ConnectionsExhaustedException(
            "All "
                + globalMax
                + " connections allowed across all pools (databaseai.pools.global-max) are in use by "
                + poolCount.getAsInt()
                + " pool(s); waited "
                + acquireTimeout.toMillis()
                + " ms. Try again shortly, or raise databaseai.pools.global-max.",
            "databaseai.pools.global-max",
            null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLTransientConnectionException("interrupted while waiting for a connection", e);
    }
    Connection connection;
    try {
      connection = pool.getConnection();
    } catch (SQLTransientConnectionException e) {
      globalPermits.release();
      var mx = pool.getHikariPoolMXBean();
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
      if (e.getCause() != null && !(e.getCause() instanceof SQLTransientConnectionException)) {
        throw e;
      }
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
    } catch (SQLException | RuntimeException e) {
      globalPermits.release();
      throw e;
    }
    return releasing(connection);
  }

  private Connection releasing(Connection connection) {
    AtomicBoolean released = new AtomicBoolean();
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            try {
              connection.close();
            } finally {
              if (released.compareAndSet(false, true)) {
                globalPermits.release();
              }
            }
            return null;
          }
          if (method.getName().equals("unwrap") && args != null && args[0] == Connection.class) {
            return proxy;
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            CappedDataSource.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
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
