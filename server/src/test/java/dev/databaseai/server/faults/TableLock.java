package dev.databaseai.server.faults;

import dev.databaseai.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * An exclusive lock on a table, held by an admin connection until closed: every SELECT on the table
 * waits, which ties up a pooled connection without CPU and without any function the guard refuses
 * (such as {@code pg_sleep} or {@code SLEEP}). PostgreSQL: {@code LOCK TABLE … IN ACCESS EXCLUSIVE
 * MODE} in an open transaction. MariaDB: {@code LOCK TABLES … WRITE}, a table lock that also blocks
 * plain reads (InnoDB's consistent reads pass row locks such as {@code SELECT … FOR UPDATE}, so a
 * row lock would not do).
 */
final class TableLock implements AutoCloseable {

  private final Connection admin;
  private final TestDatabase.Kind kind;

  private TableLock(Connection admin, TestDatabase.Kind kind) {
    this.admin = admin;
    this.kind = kind;
  }

  static TableLock on(TestDatabase db, String table) throws SQLException {
    Connection admin = db.connect();
    try (Statement statement = admin.createStatement()) {
      if (db.kind() == TestDatabase.Kind.POSTGRES) {
        admin.setAutoCommit(false);
        statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
      } else {
        statement.execute("LOCK TABLES " + table + " WRITE");
      }
    } catch (SQLException e) {
      admin.close();
      throw e;
    }
    return new TableLock(admin, db.kind());
  }

  @Override
  public void close() throws SQLException {
    try (Statement statement = admin.createStatement()) {
      if (kind == TestDatabase.Kind.POSTGRES) {
        admin.rollback();
      } else {
        statement.execute("UNLOCK TABLES");
      }
    } finally {
      admin.close();
    }
  }
}
