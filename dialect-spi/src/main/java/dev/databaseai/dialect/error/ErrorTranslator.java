package dev.databaseai.dialect.error;

import java.sql.SQLException;

/**
 * Classifies a database error by SQLSTATE and vendor code (never by English text alone where a code
 * exists) and extracts what it names. Immutable and thread-safe.
 */
public interface ErrorTranslator {

  /**
   * The classified error for {@code exception}. An exception the dialect does not know becomes
   * {@link ErrorCategory#OTHER} with the database's message, SQLSTATE and code intact.
   *
   * @param exception as thrown by this database's JDBC driver; never null
   * @return never null; never throws
   */
  DbError translate(SQLException exception);
}
