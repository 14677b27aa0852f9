package dev.databaseai.agent;

/**
 * Who puts a connection under the dialect's session guards (read-only session, statement timeout).
 */
public enum SessionGuardPolicy {
  /**
   * The agent applies {@code dialect.sessionGuards().apply(connection, settings)} to every
   * connection it borrows (one or two extra statements per question). The default: safe with any
   * {@link javax.sql.DataSource}. The settings stay on the connection when it goes back to a pool,
   * so give the agent a data source of its own.
   */
  APPLY_ON_BORROW,
  /**
   * The data source's pool already ran {@code dialect.sessionGuards().initStatements(settings)} on
   * every physical connection (for example HikariCP's connection-init SQL, as the server does); the
   * agent only sets the JDBC read-only flag and the row cap and timeout on each statement.
   */
  APPLIED_BY_POOL
}
