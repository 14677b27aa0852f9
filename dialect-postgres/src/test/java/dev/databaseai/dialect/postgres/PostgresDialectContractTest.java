package dev.databaseai.dialect.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.tck.DialectContractTest;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * PostgreSQL passes the dialect TCK on a real (embedded or external) server, and the TCK leaves the
 * server as it found it: no role is created (roles are server-wide and would outlive the test
 * database), and no connection goes back to its data source with a role still switched (a pool
 * would hand it to the next test).
 */
class PostgresDialectContractTest extends DialectContractTest {

  private final TestDatabase database = TestDatabases.postgres("tck");
  private final Queue<String> switchedOnClose = new ConcurrentLinkedQueue<>();
  private final DataSource checking = new SessionCheckingDataSource();
  private Set<String> rolesBefore;

  @Override
  protected Dialect dialect() {
    return new PostgresDialect();
  }

  @Override
  protected DataSource dataSource() {
    return checking;
  }

  @Override
  protected String jdbcUrl() {
    return database.jdbcUrl();
  }

  @BeforeAll
  void recordRoles() throws SQLException {
    rolesBefore = roles();
  }

  @AfterAll
  void leavesNoRoleAndNoSwitchedSessionBehind() throws SQLException {
    // On a shared external server other builds may create roles meanwhile: judge the TCK's own.
    Set<String> created = roles();
    created.removeAll(rolesBefore);
    created.removeIf(role -> !role.toLowerCase(Locale.ROOT).contains("tck"));
    assertThat(created).as("roles the TCK created and left on the server").isEmpty();
    assertThat(List.copyOf(switchedOnClose))
        .as("connections closed while SET ROLE was still in effect")
        .isEmpty();
  }

  private Set<String> roles() throws SQLException {
    Set<String> roles = new TreeSet<>();
    try (Connection connection = database.connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT rolname FROM pg_roles")) {
      while (rows.next()) {
        roles.add(rows.getString(1));
      }
    }
    return roles;
  }

  /**
   * Before each connection closes, asks whether it still runs as another role than it logged in
   * with; a connection the server already closed has nothing to leak.
   */
  private Connection checked(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && !connection.isClosed()) {
                try (Statement statement = connection.createStatement();
                    ResultSet rows =
                        statement.executeQuery(
                            "SELECT current_user <> session_user, current_user")) {
                  if (rows.next() && rows.getBoolean(1)) {
                    switchedOnClose.add(rows.getString(2));
                  }
                } catch (SQLException broken) {
                  // killed or aborted: a pool would discard it
                }
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private final class SessionCheckingDataSource implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      return checked(database.connect());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return checked(database.dataSource().getConnection(username, password));
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getLogger("tck");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
