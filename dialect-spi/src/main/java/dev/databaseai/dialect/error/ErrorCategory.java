package dev.databaseai.dialect.error;

/** The shared vocabulary for what went wrong with a statement, independent of the database. */
public enum ErrorCategory {
  /** A column name that does not exist on the table it was read from. */
  UNDEFINED_COLUMN,
  /** A table, view or alias that does not exist or is not in scope. */
  UNDEFINED_TABLE,
  /** A column name that several tables in scope have. */
  AMBIGUOUS_COLUMN,
  /** A function that does not exist, or not for the given argument types. */
  UNDEFINED_FUNCTION,
  /** An operator or comparison between incompatible types. */
  TYPE_MISMATCH,
  /** A literal that cannot be read as the type it is compared with or cast to. */
  INVALID_LITERAL,
  /** A column outside GROUP BY and any aggregate, or an aggregate where none is allowed. */
  GROUPING_ERROR,
  /** The statement cannot be parsed. */
  SYNTAX_ERROR,
  /** Division by zero. */
  DIVISION_BY_ZERO,
  /** The user lacks a privilege. */
  PERMISSION_DENIED,
  /** A write attempted on a read-only session, or a statement refused by the guard. */
  READ_ONLY_VIOLATION,
  /** The statement ran longer than the statement timeout, or was cancelled. */
  TIMEOUT,
  /** The connection failed or was lost. */
  CONNECTION,
  /** Anything else; the database's message, SQLSTATE and code are kept intact. */
  OTHER
}
