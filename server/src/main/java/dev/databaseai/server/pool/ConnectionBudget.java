package dev.databaseai.server.pool;

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

/**
 * The global cap on physical connections across every pool ({@code databaseai.pools.global-max}): a
 * permit is taken when a pool opens a connection and given back when that connection is closed, so
 * idle connections count too. When no permit is free, the idle connections of all pools are
 * reclaimed before waiting, so a busy database is not starved by idle ones. Thread-safe.
 */
final class ConnectionBudget {

  private final Semaphore permits;
  private final int max;
  private final Duration wait;
  private volatile Runnable reclaimIdle = () -> {};

  ConnectionBudget(int max, Duration wait) {
    this.permits = new Semaphore(max, true);
    this.max = max;
    this.wait = wait;
  }

  /** What to run to close idle connections when the budget is spent (set once the pools exist). */
  void onExhausted(Runnable reclaim) {
    this.reclaimIdle = reclaim;
  }

  /** The cap. */
  int max() {
    return max;
  }

  /** Physical connections open now across all pools. */
  int open() {
    return max - permits.availablePermits();
  }

  /**
   * Takes one permit, reclaiming idle connections and then waiting up to the acquire timeout.
   *
   * @throws CapReachedException when none became free in time
   */
  void acquire() throws SQLException {
    if (permits.tryAcquire()) {
      return;
    }
    reclaimIdle.run();
    try {
      if (permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLTransientConnectionException("interrupted while waiting for a connection", e);
    }
    throw new CapReachedException(exhaustedMessage());
  }

  /** What to tell a caller who found the budget spent: the cap, the wait, the setting. */
  String exhaustedMessage() {
    return "All "
        + max
        + " connections allowed across all pools (databaseai.pools.global-max) are open and in"
        + " use; waited "
        + wait.toMillis()
        + " ms. Try again shortly, or raise databaseai.pools.global-max.";
  }

  /** Gives back a permit taken by {@link #acquire()} for a connection that was never handed out. */
  void release() {
    permits.release();
  }

  /** {@code connection}, whose first {@code close()} or {@code abort()} gives its permit back. */
  Connection releasingOnClose(Connection connection) {
    AtomicBoolean released = new AtomicBoolean();
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("unwrap") && args != null && args[0] == Connection.class) {
            return proxy;
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          } finally {
            if ((name.equals("close") || name.equals("abort"))
                && released.compareAndSet(false, true)) {
              permits.release();
            }
          }
        };
    return (Connection)
        Proxy.newProxyInstance(
            ConnectionBudget.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  /** The global cap was reached; the message names the setting. */
  static final class CapReachedException extends SQLTransientConnectionException {
    private static final long serialVersionUID = 1L;

    CapReachedException(String message) {
      super(message, "08004");
    }
  }
}
