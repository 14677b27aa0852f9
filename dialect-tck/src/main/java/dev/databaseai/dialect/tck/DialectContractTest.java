package dev.databaseai.dialect.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.SessionGuards;
import dev.databaseai.dialect.SqlSyntax;
import dev.databaseai.dialect.error.DbError;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.dialect.schema.TableKind;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every {@link Dialect} plugin proves against a real database of its kind.
 *
 * <p>Extend it from the plugin's own test sources and supply {@link #dialect()}, {@link
 * #dataSource()} (a fresh, empty database the TCK may create tables in) and {@link #jdbcUrl()}. The
 * TCK creates a small fixture schema (customers, products, orders, order lines, a view, comments, a
 * nullable column, a composite key, foreign keys, an identifier that needs quoting) and checks:
 *
 * <ul>
 *   <li>identity: the dialect accepts its own JDBC URL and product name and is found by {@link
 *       Dialects#load()} through {@code META-INF/services};
 *   <li>introspection: tables, views, columns with types and nullability, primary and foreign keys,
 *       comments;
 *   <li>errors: for every {@link ErrorCategory} a trigger runs on the database; a category the
 *       dialect declares in {@link Dialect#supportedErrorCategories()} must be raised and
 *       translated to exactly that category, an undeclared one must never be reported (the
 *       statement succeeds or maps elsewhere); an unknown exception becomes {@code OTHER} intact;
 *   <li>session guards: writes refused, {@code isReadOnly} true, hostile SQL cannot make the next
 *       statement write, the statement timeout cuts a long statement, a non-empty deny-list;
 *   <li>syntax: quoting round-trips an awkward name, casts and limits run on the database.
 * </ul>
 *
 * <p>Where DDL or error triggers differ between databases, override the protected hooks ({@link
 * #fixtureStatements()}, {@link #commentStatements()}, {@link #errorTriggers()}, {@link
 * #sleepSql(int)}, {@link #hostileReadWriteStatements()}, {@link #typeMatches(String, String)}).
 * The defaults are standard SQL where it exists and PostgreSQL-flavoured where it does not.
 *
 * <p>Statements are executed the way the agent executes them: one statement, then, when the
 * connection is not in auto-commit mode, {@code rollback()} (see {@link #executeLikeTheAgent}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DialectContractTest {

  /** A name with both common quote characters, spaces and mixed case; must survive quoting. */
  protected static final String AWKWARD_TABLE = "Tck \"Odd` Table";

  /** A column of {@link #AWKWARD_TABLE} with the same hazards. */
  protected static final String AWKWARD_COLUMN = "Odd \"Col`";

  /** Guard settings used by the guard tests: read-only, a one-second statement timeout. */
  protected static final GuardSettings TCK_GUARDS =
      new GuardSettings(true, Duration.ofSeconds(1), 100);

  /** The dialect under test. */
  protected abstract Dialect dialect();

  /**
   * A fresh, empty database reachable as a user that may create tables. Called several times;
   * return the same database each time.
   */
  protected abstract DataSource dataSource();

  /** The JDBC URL of {@link #dataSource()} (secrets may be left out). */
  protected abstract String jdbcUrl();

  // ---------------------------------------------------------------- hooks

  /** DDL and data of the fixture, in order. Override when the database's DDL differs. */
  protected List<String> fixtureStatements() {
    SqlSyntax syntax = dialect().syntax();
    return List.of(
        "CREATE TABLE tck_customer (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL,"
            + " email VARCHAR(200))",
        "CREATE TABLE tck_product (id INTEGER NOT NULL PRIMARY KEY, title VARCHAR(100) NOT NULL,"
            + " price DECIMAL(10,2) NOT NULL)",
        "CREATE TABLE tck_orders (id INTEGER NOT NULL PRIMARY KEY, customer_id INTEGER NOT NULL,"
            + " ordered_on DATE NOT NULL, note VARCHAR(200),"
            + " CONSTRAINT tck_orders_customer_fk FOREIGN KEY (customer_id) REFERENCES tck_customer (id))",
        "CREATE TABLE tck_order_line (order_id INTEGER NOT NULL, line_no INTEGER NOT NULL,"
            + " product_id INTEGER NOT NULL, quantity INTEGER NOT NULL,"
            + " PRIMARY KEY (order_id, line_no),"
            + " CONSTRAINT tck_line_order_fk FOREIGN KEY (order_id) REFERENCES tck_orders (id),"
            + " CONSTRAINT tck_line_product_fk FOREIGN KEY (product_id) REFERENCES tck_product (id))",
        "CREATE VIEW tck_customer_orders AS SELECT c.id AS customer_id, c.name AS name,"
            + " o.id AS order_id, o.ordered_on AS ordered_on"
            + " FROM tck_customer c JOIN tck_orders o ON o.customer_id = c.id",
        "CREATE TABLE "
            + syntax.quoteIdentifier(AWKWARD_TABLE)
            + " ("
            + syntax.quoteIdentifier(AWKWARD_COLUMN)
            + " INTEGER)",
        "INSERT INTO tck_customer (id, name, email) VALUES (1, 'Ada', 'ada@example.com')",
        "INSERT INTO tck_customer (id, name, email) VALUES (2, 'Linus', NULL)",
        "INSERT INTO tck_customer (id, name, email) VALUES (3, 'Grace', 'grace@example.com')",
        "INSERT INTO tck_product (id, title, price) VALUES (1, 'Lamp', 19.90)",
        "INSERT INTO tck_product (id, title, price) VALUES (2, 'Desk', 120.00)",
        "INSERT INTO tck_orders (id, customer_id, ordered_on, note) VALUES (1, 1, DATE '2024-01-05', 'first')",
        "INSERT INTO tck_orders (id, customer_id, ordered_on, note) VALUES (2, 1, DATE '2024-02-10', NULL)",
        "INSERT INTO tck_orders (id, customer_id, ordered_on, note) VALUES (3, 2, DATE '2024-03-15', NULL)",
        "INSERT INTO tck_order_line (order_id, line_no, product_id, quantity) VALUES (1, 1, 1, 2)",
        "INSERT INTO tck_order_line (order_id, line_no, product_id, quantity) VALUES (1, 2, 2, 1)",
        "INSERT INTO tck_order_line (order_id, line_no, product_id, quantity) VALUES (2, 1, 1, 5)",
        "INSERT INTO "
            + syntax.quoteIdentifier(AWKWARD_TABLE)
            + " ("
            + syntax.quoteIdentifier(AWKWARD_COLUMN)
            + ") VALUES (7)");
  }

  /**
   * Puts the comments the introspection test expects: table {@code tck_customer} = {@code People
   * who buy}, column {@code tck_customer.email} = {@code Contact address}. The default is {@code
   * COMMENT ON}; MySQL overrides with {@code ALTER TABLE … COMMENT}.
   */
  protected List<String> commentStatements() {
    return List.of(
        "COMMENT ON TABLE tck_customer IS 'People who buy'",
        "COMMENT ON COLUMN tck_customer.email IS 'Contact address'");
  }

  /**
   * One trigger per category, run against the fixture. Override single entries by copying this map.
   * The defaults are standard SQL where possible and PostgreSQL-flavoured otherwise (permission,
   * connection, timeout). The default permission trigger switches to the predefined role {@code
   * pg_monitor} (the TCK user must be a superuser or a member of it) rather than creating a role,
   * because roles and accounts are server-wide and would outlive the test database; an override
   * should do the same or undo what it creates in {@link ErrorTrigger#teardown()}.
   */
  protected Map<ErrorCategory, ErrorTrigger> errorTriggers() {
    Map<ErrorCategory, ErrorTrigger> triggers = new EnumMap<>(ErrorCategory.class);
    triggers.put(
        ErrorCategory.UNDEFINED_COLUMN,
        ErrorTrigger.of("SELECT o.no_such_column FROM tck_orders o"));
    triggers.put(ErrorCategory.UNDEFINED_TABLE, ErrorTrigger.of("SELECT * FROM tck_no_such_table"));
    triggers.put(
        ErrorCategory.AMBIGUOUS_COLUMN,
        ErrorTrigger.of(
            "SELECT id FROM tck_customer JOIN tck_orders ON tck_orders.customer_id = tck_customer.id"));
    triggers.put(
        ErrorCategory.UNDEFINED_FUNCTION,
        ErrorTrigger.of("SELECT tck_no_such_function(id) FROM tck_customer"));
    triggers.put(
        ErrorCategory.TYPE_MISMATCH,
        ErrorTrigger.of("SELECT id FROM tck_orders WHERE ordered_on = 42"));
    triggers.put(
        ErrorCategory.INVALID_LITERAL,
        ErrorTrigger.of("SELECT id FROM tck_orders WHERE ordered_on = DATE 'not-a-date'"));
    triggers.put(
        ErrorCategory.GROUPING_ERROR,
        ErrorTrigger.of("SELECT customer_id, note FROM tck_orders GROUP BY customer_id"));
    triggers.put(ErrorCategory.SYNTAX_ERROR, ErrorTrigger.of("SELEC id FROM tck_customer"));
    triggers.put(
        ErrorCategory.DIVISION_BY_ZERO, ErrorTrigger.of("SELECT id / 0 FROM tck_customer"));
    // pg_monitor is a predefined role (PostgreSQL 10+) with no privilege on the fixture's tables:
    // switching to it needs no CREATE ROLE, so nothing outlives the test database.
    triggers.put(
        ErrorCategory.PERMISSION_DENIED,
        ErrorTrigger.afterSetup(
            List.of("SET ROLE pg_monitor"), "SELECT * FROM tck_customer", List.of("RESET ROLE")));
    triggers.put(
        ErrorCategory.READ_ONLY_VIOLATION,
        ErrorTrigger.underGuards("INSERT INTO tck_customer (id, name) VALUES (99, 'Mallory')"));
    triggers.put(ErrorCategory.TIMEOUT, ErrorTrigger.underGuards(sleepSql(10)));
    triggers.put(
        ErrorCategory.CONNECTION, ErrorTrigger.of("SELECT pg_terminate_backend(pg_backend_pid())"));
    triggers.put(
        ErrorCategory.OTHER,
        ErrorTrigger.of("INSERT INTO tck_customer (id, name) VALUES (1, 'Duplicate')"));
    return triggers;
  }

  /**
   * The text the extracted identifier must contain (case-insensitively) for the categories that
   * name one.
   */
  protected Map<ErrorCategory, String> expectedIdentifiers() {
    return Map.of(
        ErrorCategory.UNDEFINED_COLUMN, "no_such_column",
        ErrorCategory.UNDEFINED_TABLE, "tck_no_such_table");
  }

  /** A statement that runs for about {@code seconds} seconds, to prove the statement timeout. */
  protected String sleepSql(int seconds) {
    return "SELECT pg_sleep(" + seconds + ")";
  }

  /**
   * Statements hostile SQL might use to switch a guarded connection back to read-write. After each
   * (whether it succeeds or fails) the next statement must still be refused.
   */
  protected List<String> hostileReadWriteStatements() {
    return List.of(
        "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
        "SET TRANSACTION READ WRITE",
        "SET default_transaction_read_only = off",
        "RESET ALL");
  }

  /** A write statement of each kind the guards must refuse. */
  protected List<String> refusedWrites() {
    return List.of(
        "INSERT INTO tck_customer (id, name) VALUES (100, 'Mallory')",
        "UPDATE tck_customer SET name = 'Mallory' WHERE id = 1",
        "DELETE FROM tck_order_line",
        "CREATE TABLE tck_mallory (id INTEGER)",
        "DROP TABLE tck_order_line");
  }

  /**
   * Whether the catalog type {@code reported} fits the fixture's declared {@code declared} type
   * ({@code INTEGER}, {@code VARCHAR(n)}, {@code DECIMAL(p,s)}, {@code DATE}). The default accepts
   * the usual spellings ({@code int4}, {@code character varying(100)}, {@code numeric(10,2)}).
   */
  protected boolean typeMatches(String declared, String reported) {
    String r = reported.toLowerCase(Locale.ROOT).replace(" ", "");
    String d = declared.toLowerCase(Locale.ROOT).replace(" ", "");
    if (d.equals("integer")) {
      return r.contains("int");
    }
    if (d.startsWith("varchar")) {
      return r.contains("char") && r.contains(d.substring("varchar".length()));
    }
    if (d.startsWith("decimal")) {
      return (r.contains("numeric") || r.contains("decimal"))
          && r.contains(d.substring("decimal".length()));
    }
    return r.startsWith(d);
  }

  // ---------------------------------------------------------------- fixture

  @BeforeAll
  void createFixture() throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(true);
      for (String sql : fixtureStatements()) {
        execute(statement, sql);
      }
      for (String sql : commentStatements()) {
        execute(statement, sql);
      }
    }
  }

  private static void execute(Statement statement, String sql) throws SQLException {
    try {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new SQLException(
          "TCK fixture statement failed: " + sql + " -> " + e.getMessage(), e.getSQLState(), e);
    }
  }

  // ---------------------------------------------------------------- identity

  @Test
  void hasStableLowerCaseIdAndDisplayName() {
    assertThat(dialect().id()).matches("[a-z][a-z0-9_-]*");
    assertThat(dialect().displayName()).isNotBlank();
    assertThat(dialect().errorTranslator()).isNotNull();
    assertThat(dialect().introspector()).isNotNull();
    assertThat(dialect().syntax()).isNotNull();
    assertThat(dialect().sessionGuards()).isNotNull();
    assertThat(dialect().supportedErrorCategories()).isNotNull().contains(ErrorCategory.OTHER);
  }

  @Test
  void acceptsItsOwnJdbcUrlAndProductName() throws SQLException {
    assertThat(dialect().acceptsJdbcUrl(jdbcUrl())).as("accepts %s", jdbcUrl()).isTrue();
    try (Connection connection = dataSource().getConnection()) {
      String product = connection.getMetaData().getDatabaseProductName();
      assertThat(dialect().acceptsProductName(product)).as("accepts product %s", product).isTrue();
    }
  }

  @Test
  void isDiscoveredThroughServiceLoaderForItsUrl() {
    Dialects dialects = Dialects.load(dialect().getClass().getClassLoader());
    assertThat(dialects.find(dialect().id())).as("registered in META-INF/services").isPresent();
    assertThat(dialects.forJdbcUrl(jdbcUrl()).id()).isEqualTo(dialect().id());
  }

  // ---------------------------------------------------------------- introspection

  @Test
  void introspectsTablesViewsAndNoSystemCatalogs() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    assertThat(snapshot.databaseProduct()).isNotBlank();
    assertThat(table(snapshot, "tck_customer").kind()).isEqualTo(TableKind.TABLE);
    assertThat(table(snapshot, "tck_product").kind()).isEqualTo(TableKind.TABLE);
    assertThat(table(snapshot, "tck_orders").kind()).isEqualTo(TableKind.TABLE);
    assertThat(table(snapshot, "tck_order_line").kind()).isEqualTo(TableKind.TABLE);
    Table view = table(snapshot, "tck_customer_orders");
    assertThat(view.kind()).isEqualTo(TableKind.VIEW);
    assertThat(view.columnNames()).containsExactly("customer_id", "name", "order_id", "ordered_on");
    assertThat(snapshot.tables())
        .extracting(t -> t.schema().toLowerCase(Locale.ROOT))
        .doesNotContain(
            "pg_catalog", "information_schema", "pg_toast", "mysql", "performance_schema", "sys");
    assertThat(snapshot.tables())
        .allSatisfy(t -> assertThat(t.approximateRows()).isGreaterThanOrEqualTo(-1));
  }

  @Test
  void introspectsColumnsInOrderWithTypesAndNullability() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    assertColumns(
        table(snapshot, "tck_customer"),
        List.of(
            new ExpectedColumn("id", "INTEGER", false),
            new ExpectedColumn("name", "VARCHAR(100)", false),
            new ExpectedColumn("email", "VARCHAR(200)", true)));
    assertColumns(
        table(snapshot, "tck_product"),
        List.of(
            new ExpectedColumn("id", "INTEGER", false),
            new ExpectedColumn("title", "VARCHAR(100)", false),
            new ExpectedColumn("price", "DECIMAL(10,2)", false)));
    assertColumns(
        table(snapshot, "tck_orders"),
        List.of(
            new ExpectedColumn("id", "INTEGER", false),
            new ExpectedColumn("customer_id", "INTEGER", false),
            new ExpectedColumn("ordered_on", "DATE", false),
            new ExpectedColumn("note", "VARCHAR(200)", true)));
  }

  @Test
  void introspectsPrimaryKeysInKeyOrder() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    assertThat(table(snapshot, "tck_customer").primaryKey()).containsExactly("id");
    assertThat(table(snapshot, "tck_order_line").primaryKey())
        .containsExactly("order_id", "line_no");
    assertThat(table(snapshot, "tck_customer_orders").primaryKey()).isEmpty();
  }

  @Test
  void introspectsForeignKeysWithReferencedTableAndColumns() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    Table orders = table(snapshot, "tck_orders");
    assertThat(orders.foreignKeys()).hasSize(1);
    ForeignKey toCustomer = orders.foreignKeys().get(0);
    assertThat(toCustomer.columns()).containsExactly("customer_id");
    assertThat(toCustomer.referencedTable()).isEqualToIgnoringCase("tck_customer");
    assertThat(toCustomer.referencedColumns()).containsExactly("id");
    assertThat(toCustomer.referencedSchema()).isEqualTo(orders.schema());

    Table lines = table(snapshot, "tck_order_line");
    assertThat(lines.foreignKeys())
        .extracting(
            fk -> fk.columns().get(0) + "->" + fk.referencedTable().toLowerCase(Locale.ROOT))
        .containsExactlyInAnyOrder("order_id->tck_orders", "product_id->tck_product");
    assertThat(table(snapshot, "tck_customer").foreignKeys()).isEmpty();
  }

  @Test
  void introspectsTableAndColumnComments() throws SQLException {
    SchemaSnapshot snapshot = introspect();
    Table customer = table(snapshot, "tck_customer");
    assertThat(customer.comment()).isEqualTo("People who buy");
    assertThat(customer.column("email").map(Column::comment)).contains("Contact address");
    assertThat(customer.column("name").map(Column::comment)).contains("");
    assertThat(table(snapshot, "tck_orders").comment()).isEmpty();
  }

  @Test
  void introspectsTheQuotedNameVerbatim() throws SQLException {
    Table awkward = table(introspect(), AWKWARD_TABLE);
    assertThat(awkward.name()).isEqualTo(AWKWARD_TABLE);
    assertThat(awkward.columnNames()).containsExactly(AWKWARD_COLUMN);
  }

  @Test
  void introspectsNamedTablesOnly() throws SQLException {
    try (Connection connection = dataSource().getConnection()) {
      SchemaSnapshot some =
          dialect()
              .introspector()
              .introspectTables(connection, List.of("TCK_ORDERS", "tck_customer", "tck_gone"));
      assertThat(some.tables())
          .extracting(t -> t.name().toLowerCase(Locale.ROOT))
          .containsExactlyInAnyOrder("tck_orders", "tck_customer");
      assertThat(some.table("tck_orders").orElseThrow().columnNames())
          .containsExactly("id", "customer_id", "ordered_on", "note");
    }
  }

  // ---------------------------------------------------------------- errors

  @TestFactory
  Stream<DynamicTest> everyDeclaredCategoryIsRaisedAndEveryUndeclaredOneIsNeverReported() {
    Map<ErrorCategory, ErrorTrigger> triggers = errorTriggers();
    Set<ErrorCategory> declared = dialect().supportedErrorCategories();
    return Stream.of(ErrorCategory.values())
        .map(
            category -> {
              ErrorTrigger trigger = triggers.get(category);
              if (trigger == null) {
                return DynamicTest.dynamicTest(
                    category + ": trigger missing",
                    () ->
                        fail(
                            "errorTriggers() has no trigger for "
                                + category
                                + "; add one to the map"));
              }
              boolean isDeclared = declared.contains(category);
              String name =
                  category
                      + (isDeclared
                          ? " declared: raised and translated"
                          : " undeclared: never reported");
              return DynamicTest.dynamicTest(
                  name,
                  () -> {
                    if (isDeclared) {
                      assertDeclaredCategory(category, trigger);
                    } else {
                      assertUndeclaredCategory(category, trigger);
                    }
                  });
            });
  }

  private void assertDeclaredCategory(ErrorCategory category, ErrorTrigger trigger)
      throws SQLException {
    Optional<SQLException> raised = run(trigger);
    assertThat(raised)
        .as("%s is declared, so '%s' must fail on the database", category, trigger.sql())
        .isPresent();
    SQLException exception = raised.get();
    DbError error = dialect().errorTranslator().translate(exception);
    assertThat(error.category())
        .as("category of [%s] %s", exception.getSQLState(), exception.getMessage())
        .isEqualTo(category);
    assertThat(error.message()).isNotBlank();
    assertThat(error.sqlState())
        .isEqualTo(exception.getSQLState() == null ? "" : exception.getSQLState());
    assertThat(error.vendorCode()).isEqualTo(exception.getErrorCode());
    String expected = expectedIdentifiers().get(category);
    if (expected != null) {
      assertThat(error.identifier())
          .as("identifier of %s", exception.getMessage())
          .hasValueSatisfying(id -> assertThat(id).containsIgnoringCase(expected));
    }
  }

  private void assertUndeclaredCategory(ErrorCategory category, ErrorTrigger trigger)
      throws SQLException {
    Optional<SQLException> raised = run(trigger);
    if (raised.isEmpty()) {
      return; // the database accepts what others reject: nothing to report
    }
    DbError error = dialect().errorTranslator().translate(raised.get());
    assertThat(error.category())
        .as(
            "%s is not declared, yet [%s] %s was reported as it",
            category, raised.get().getSQLState(), raised.get().getMessage())
        .isNotEqualTo(category);
    assertThat(error.message()).isNotNull();
  }

  @Test
  void unknownExceptionBecomesOtherWithMessageStateAndCodeIntact() {
    SQLException unknown = new SQLException("tck: nothing any database says", "ZZ999", 98765);
    DbError error = dialect().errorTranslator().translate(unknown);
    assertThat(error.category()).isEqualTo(ErrorCategory.OTHER);
    assertThat(error.message()).isEqualTo("tck: nothing any database says");
    assertThat(error.sqlState()).isEqualTo("ZZ999");
    assertThat(error.vendorCode()).isEqualTo(98765);
  }

  @Test
  void exceptionWithoutMessageOrStateStillTranslates() {
    DbError error = dialect().errorTranslator().translate(new SQLException());
    assertThat(error.category()).isEqualTo(ErrorCategory.OTHER);
    assertThat(error.sqlState()).isEmpty();
    assertThat(error.message()).isNotNull();
  }

  /**
   * Runs {@code trigger} on a fresh connection and returns what the database raised, if anything.
   */
  protected final Optional<SQLException> run(ErrorTrigger trigger) throws SQLException {
    try (Connection connection = dataSource().getConnection()) {
      if (trigger.underGuards()) {
        dialect().sessionGuards().apply(connection, TCK_GUARDS);
      }
      try {
        try (Statement statement = connection.createStatement()) {
          for (String sql : trigger.setup()) {
            execute(statement, sql);
          }
        }
        try {
          executeLikeTheAgent(connection, trigger.sql());
          return Optional.empty();
        } catch (SQLException e) {
          return Optional.of(e);
        } finally {
          rollbackQuietly(connection);
        }
      } finally {
        tearDownQuietly(connection, trigger.teardown());
      }
    }
  }

  /** Runs each teardown statement, ignoring failures (the connection may be broken by now). */
  private static void tearDownQuietly(Connection connection, List<String> teardown) {
    for (String sql : teardown) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
      } catch (SQLException ignored) {
        // a killed connection or an aborted transaction: closing it undoes the session anyway
      } finally {
        rollbackQuietly(connection);
      }
    }
  }

  // ---------------------------------------------------------------- session guards

  @Test
  void guardedConnectionRefusesWritesAndDdlAndReportsReadOnly() throws SQLException {
    long before = count("tck_order_line");
    try (Connection connection = dataSource().getConnection()) {
      dialect().sessionGuards().apply(connection, TCK_GUARDS);
      assertThat(dialect().sessionGuards().isReadOnly(connection)).isTrue();
      rollbackQuietly(connection);
      for (String write : refusedWrites()) {
        assertThatThrownBy(() -> executeLikeTheAgent(connection, write))
            .as("guarded connection must refuse: %s", write)
            .isInstanceOf(SQLException.class);
      }
      assertThat(dialect().sessionGuards().isReadOnly(connection)).isTrue();
      rollbackQuietly(connection);
    }
    assertThat(count("tck_order_line")).isEqualTo(before);
    assertThat(tableExists("tck_mallory")).isFalse();
  }

  @TestFactory
  Stream<DynamicTest> hostileSqlCannotMakeTheNextStatementWrite() {
    return hostileReadWriteStatements().stream()
        .map(
            hostile ->
                DynamicTest.dynamicTest(
                    hostile,
                    () -> {
                      long before = count("tck_customer");
                      try (Connection connection = dataSource().getConnection()) {
                        dialect().sessionGuards().apply(connection, TCK_GUARDS);
                        try {
                          executeLikeTheAgent(connection, hostile);
                        } catch (SQLException refused) {
                          // refusing the hostile statement is fine too
                        }
                        assertThatThrownBy(
                                () ->
                                    executeLikeTheAgent(
                                        connection,
                                        "INSERT INTO tck_customer (id, name) VALUES (101, 'Mallory')"))
                            .as("after '%s' the next write must still be refused", hostile)
                            .isInstanceOf(SQLException.class)
                            .satisfies(
                                e ->
                                    assertThat(
                                            dialect()
                                                .errorTranslator()
                                                .translate((SQLException) e)
                                                .category())
                                        .isEqualTo(ErrorCategory.READ_ONLY_VIOLATION));
                        assertThat(dialect().sessionGuards().isReadOnly(connection)).isTrue();
                        rollbackQuietly(connection);
                      }
                      assertThat(count("tck_customer")).isEqualTo(before);
                    }));
  }

  @Test
  void statementTimeoutCutsALongStatement() throws SQLException {
    try (Connection connection = dataSource().getConnection()) {
      dialect().sessionGuards().apply(connection, TCK_GUARDS);
      long start = System.nanoTime();
      SQLException cut = null;
      try {
        executeLikeTheAgent(connection, sleepSql(10));
      } catch (SQLException e) {
        cut = e;
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat((Object) cut).as("a 10 s statement under a 1 s timeout must fail").isNotNull();
      assertThat(elapsed).isLessThan(Duration.ofSeconds(8));
      assertThat(dialect().errorTranslator().translate(cut).category())
          .isEqualTo(ErrorCategory.TIMEOUT);
    }
  }

  @Test
  void guardedConnectionStillAnswersReads() throws SQLException {
    try (Connection connection = dataSource().getConnection()) {
      dialect().sessionGuards().apply(connection, TCK_GUARDS);
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM tck_customer")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(3);
      } finally {
        rollbackQuietly(connection);
      }
    }
  }

  @Test
  void initStatementsAreNonEmptyForReadOnlySettings() {
    SessionGuards guards = dialect().sessionGuards();
    assertThat(guards.initStatements(TCK_GUARDS)).isNotEmpty().doesNotContainNull();
  }

  @Test
  void deniedFunctionsAreNonEmptyAndLowerCase() {
    Set<String> denied = dialect().sessionGuards().deniedFunctions();
    assertThat(denied).isNotEmpty();
    assertThat(denied)
        .allSatisfy(name -> assertThat(name).isEqualTo(name.toLowerCase(Locale.ROOT)));
  }

  // ---------------------------------------------------------------- syntax

  @Test
  void quotedIdentifierRoundTripsOnTheDatabase() throws SQLException {
    SqlSyntax syntax = dialect().syntax();
    String sql =
        "SELECT "
            + syntax.quoteIdentifier(AWKWARD_COLUMN)
            + " AS "
            + syntax.quoteIdentifier("Alias \"With` Quotes")
            + " FROM "
            + syntax.quoteIdentifier(AWKWARD_TABLE);
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.getMetaData().getColumnLabel(1)).isEqualTo("Alias \"With` Quotes");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getInt(1)).isEqualTo(7);
    }
  }

  @Test
  void castRunsOnTheDatabase() throws SQLException {
    SqlSyntax syntax = dialect().syntax();
    String sql = "SELECT " + syntax.cast("'42.50'", "DECIMAL(10,2)") + " + 1";
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getBigDecimal(1)).isEqualByComparingTo(new BigDecimal("43.50"));
    }
  }

  @Test
  void limitClauseLimitsRowsOnTheDatabase() throws SQLException {
    String sql = "SELECT id FROM tck_customer ORDER BY id " + dialect().syntax().limitClause(2);
    List<Integer> ids = new ArrayList<>();
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        ids.add(rows.getInt(1));
      }
    }
    assertThat(ids).containsExactly(1, 2);
  }

  @Test
  void promptNotesAreSentences() {
    assertThat(dialect().syntax().promptNotes())
        .isNotEmpty()
        .allSatisfy(note -> assertThat(note).isNotBlank());
    assertThat(dialect().syntax().equivalentOf("tck_certainly_not_a_function")).isEmpty();
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Executes one statement the way the agent does on a guarded connection: the statement alone;
   * afterwards, if auto-commit is off, the transaction is rolled back (nothing a read-only session
   * does needs committing, and the rollback undoes any session change the statement made).
   */
  protected static void executeLikeTheAgent(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } finally {
      rollbackQuietly(connection);
    }
  }

  private static void rollbackQuietly(Connection connection) {
    try {
      if (!connection.isClosed() && !connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException ignored) {
      // the connection is broken or closed; the caller closes it
    }
  }

  /** The snapshot of the whole fixture database. */
  protected final SchemaSnapshot introspect() throws SQLException {
    try (Connection connection = dataSource().getConnection()) {
      return dialect().introspector().introspect(connection);
    }
  }

  private static Table table(SchemaSnapshot snapshot, String name) {
    return snapshot
        .table(name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "introspection found no table '"
                        + name
                        + "'; found: "
                        + snapshot.tables().stream().map(Table::qualifiedName).toList()));
  }

  private void assertColumns(Table table, List<ExpectedColumn> expected) {
    assertThat(table.columnNames())
        .as("columns of %s", table.name())
        .containsExactlyElementsOf(expected.stream().map(ExpectedColumn::name).toList());
    for (ExpectedColumn column : expected) {
      Column actual = table.column(column.name()).orElseThrow();
      assertThat(typeMatches(column.declaredType(), actual.type()))
          .as(
              "type of %s.%s: declared %s, reported %s",
              table.name(), column.name(), column.declaredType(), actual.type())
          .isTrue();
      assertThat(actual.nullable())
          .as("nullability of %s.%s", table.name(), column.name())
          .isEqualTo(column.nullable());
    }
  }

  private long count(String table) throws SQLException {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private boolean tableExists(String name) throws SQLException {
    return introspect().table(name).isPresent();
  }

  private record ExpectedColumn(String name, String declaredType, boolean nullable) {}
}
