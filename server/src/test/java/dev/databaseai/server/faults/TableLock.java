package dev.databaseai.server.faults;

import dev.databaseai.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An exclusive lock on a PostgreSQL table, held by an admin connection until closed: every SELECT
 * on the table waits, which ties up a pooled connection without CPU and without any function the
 * guard refuses (such as pg_sleep).
 */
final class TableLock implements AutoCloseable {

  private final Connection admin;

  private TableLock(Connection admin) {
    this.admin = admin;
  }

  static TableLock on(TestDatabase db, String table) throws SQLException {
    Connection admin = db.connect();
    admin.setAutoCommit(false);
    try (Statement statement = admin.createStatement()) {
      statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
    } catch (SQLException e) {
      admin.close();
      throw e;
    }
    return new TableLock(admin);
  }

  @Override
  public void close() throws SQLException {
    try {
      admin.rollback();
    } finally {
      admin.close();
    }
  }
}
