package dev.databaseai.agent.guard;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;

/**
 * JSqlParser with a time limit on reused threads. {@code CCJSqlParserUtil.parse(sql, consumer)}
 * starts and stops a new thread for every statement to enforce its timeout; on the {@code /sql} hot
 * path that thread costs more than the parse, so the parses share one pool of daemon threads.
 * Thread-safe.
 */
public final class SqlParsing {

  /** The longest one parse may take: JSqlParser can backtrack for seconds on odd input. */
  public static final int TIMEOUT_MS = 1000;

  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService PARSERS =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "sql-parser-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
          });

  private SqlParsing() {}

  /**
   * The statement {@code sql} holds, parsed within {@link #TIMEOUT_MS}.
   *
   * @throws JSQLParserException when it cannot be read, or not in time
   */
  public static Statement parse(String sql) throws JSQLParserException {
    return CCJSqlParserUtil.parse(sql, PARSERS, parser -> parser.withTimeOut(TIMEOUT_MS));
  }
}
