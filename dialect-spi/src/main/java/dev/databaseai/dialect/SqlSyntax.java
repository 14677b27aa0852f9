package dev.databaseai.dialect;

import java.util.List;
import java.util.Optional;

/**
 * The SQL surface of one database: quoting, casts, row limits, prompt notes and the native
 * equivalents of functions that models borrow from other dialects. Immutable and thread-safe.
 */
public interface SqlSyntax {

  /**
   * Quotes {@code identifier} so that it is read verbatim (e.g. {@code "Order"} or {@code
   * `Order`}).
   */
  String quoteIdentifier(String identifier);

  /**
   * The cast of {@code expression} to {@code type} in this dialect, e.g. {@code x::numeric} or
   * {@code CAST(x AS DECIMAL)}.
   */
  String cast(String expression, String type);

  /** The clause that limits a query to {@code rows} rows, e.g. {@code LIMIT 10}. */
  String limitClause(int rows);

  /**
   * Short notes that tell a model how to write SQL for this database: quoting, LIMIT, date
   * functions, case-insensitive matching. Never null; each note is one sentence.
   */
  List<String> promptNotes();

  /**
   * The native replacement for a function (or construct) that does not exist here, such as {@code
   * IFNULL} on PostgreSQL. Matching is case-insensitive on {@code foreignName}.
   *
   * @return empty when the name is unknown to this dialect's table
   */
  Optional<FunctionEquivalent> equivalentOf(String foreignName);

  /**
   * A function or construct from another dialect and the native way to write it here.
   *
   * @param foreign the name as a model wrote it, upper-case (e.g. {@code IFNULL})
   * @param replacement the native form, e.g. {@code COALESCE(a, b)}
   * @param note one sentence on how to rewrite, for the hint
   */
  record FunctionEquivalent(String foreign, String replacement, String note) {}
}
