package dev.databaseai.agent.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.databaseai.dialect.GuardSettings;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The clean-up after a query (rollback, flags restored) never hides why the query failed: a pooled
 * connection that broke mid-query is closed by the pool, so its rollback fails too, and the caller
 * must still see the connection error rather than "Connection is closed".
 */
class QueryExecutorTest {

  private static final GuardSettings SETTINGS = new GuardSettings(true, Duration.ofSeconds(1), 10);

  private final List<String> calls = new ArrayList<>();

  @Test
  void aFailedRollbackAfterAFailedQueryIsSuppressedNotThrown() {
    SQLException broken = new SQLException("An I/O error occurred", "08006");
    SQLException closed = new SQLException("Connection is closed");
    Connection connection = connection(broken, closed);

    SQLException thrown =
        catchThrowableOfType(
            SQLException.class,
            () -> new QueryExecutor(SETTINGS).run(connection, "SELECT 1 FROM heartbeat"));

    assertThat((Throwable) thrown).isSameAs(broken);
    assertThat(thrown.getSuppressed()).containsExactly(closed);
    assertThat(calls).contains("rollback", "setReadOnly(false)", "setAutoCommit(true)");
  }

  @Test
  void aFailedRollbackAfterASuccessfulQueryIsThrown() {
    SQLException closed = new SQLException("Connection is closed");
    Connection connection = connection(null, closed);

    SQLException thrown =
        catchThrowableOfType(
            SQLException.class, () -> new QueryExecutor(SETTINGS).run(connection, "SELECT 1"));

    assertThat((Throwable) thrown).isSameAs(closed);
  }

  /**
   * A connection in auto-commit, read-write mode whose query throws {@code queryFailure} (or
   * returns no rows when null) and whose rollback throws {@code rollbackFailure}.
   */
  private Connection connection(SQLException queryFailure, SQLException rollbackFailure) {
    ResultSetMetaData noColumns =
        proxy(
            ResultSetMetaData.class, (method, args) -> method.equals("getColumnCount") ? 0 : null);
    ResultSet noRows =
        proxy(
            ResultSet.class,
            (method, args) ->
                switch (method) {
                  case "getMetaData" -> noColumns;
                  case "next" -> false;
                  default -> null;
                });
    Statement statement =
        proxy(
            Statement.class,
            (method, args) -> {
              if (method.equals("executeQuery")) {
                if (queryFailure != null) {
                  throw queryFailure;
                }
                return noRows;
              }
              return null;
            });
    return proxy(
        Connection.class,
        (method, args) -> {
          calls.add(args == null ? method : method + "(" + args[0] + ")");
          return switch (method) {
            case "getAutoCommit" -> true;
            case "isReadOnly" -> false;
            case "createStatement" -> statement;
            case "rollback" -> throw rollbackFailure;
            default -> null;
          };
        });
  }

  private interface Handler {
    Object handle(String method, Object[] args) throws Throwable;
  }

  private static <T> T proxy(Class<T> type, Handler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> handler.handle(method.getName(), args)));
  }
}
