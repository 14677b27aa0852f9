package dev.databaseai.dialect.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.schema.Column;
import dev.databaseai.dialect.schema.ForeignKey;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.dialect.schema.TableKind;
import dev.databaseai.testkit.TestDatabase;
import dev.databaseai.testkit.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MySqlIntrospectorTest {

  private static TestDatabase db;
  private static TestDatabase other;

  @BeforeAll
  static void schema() {
    db = TestDatabases.mariadb("mysql_intro");
    other = TestDatabases.mariadb("mysql_intro_other");
    db.execute(
        "CREATE TABLE roles (id INT PRIMARY KEY, role_name VARCHAR(40) NOT NULL) COMMENT 'Who may do what'",
        "CREATE TABLE web_user (id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            + " email VARCHAR(120) NOT NULL COMMENT 'login, unique',"
            + " status ENUM('active','blocked','it''s complicated') NOT NULL DEFAULT 'active',"
            + " tier VARCHAR(10) CHECK (tier IN ('free', 'pro', 'team')),"
            + " score INT CHECK (score IN (1, 2, 3)),"
            + " age INT CHECK (age > 0),"
            + " flags SET('a','b'),"
            + " doc JSON)",
        "CREATE TABLE role_permissions (role_id INT NOT NULL, permission VARCHAR(30) NOT NULL,"
            + " PRIMARY KEY (permission, role_id),"
            + " CONSTRAINT rp_role FOREIGN KEY (role_id) REFERENCES roles (id))",
        "CREATE TABLE user_roles (user_id BIGINT UNSIGNED NOT NULL, role_id INT NOT NULL,"
            + " region CHAR(2), country CHAR(2),"
            + " CONSTRAINT ur_user FOREIGN KEY (user_id) REFERENCES web_user (id),"
            + " CONSTRAINT ur_role FOREIGN KEY (role_id) REFERENCES roles (id))",
        "CREATE TABLE regions (region CHAR(2), country CHAR(2), name VARCHAR(20), PRIMARY KEY (region, country))",
        "ALTER TABLE user_roles ADD CONSTRAINT ur_region FOREIGN KEY (region, country)"
            + " REFERENCES regions (region, country)",
        "CREATE VIEW active_users AS SELECT id, email FROM web_user WHERE status = 'active'",
        "INSERT INTO roles VALUES (1, 'admin'), (2, 'reader')");
    other.execute("CREATE TABLE elsewhere (id INT PRIMARY KEY)");
  }

  @Test
  void readsTheCurrentDatabaseOnlyByDefault() throws SQLException {
    SchemaSnapshot snapshot = introspect(MySqlIntrospector.currentDatabase());
    assertThat(snapshot.tables())
        .extracting(Table::name)
        .containsExactlyInAnyOrder(
            "active_users", "regions", "role_permissions", "roles", "user_roles", "web_user");
    assertThat(snapshot.tables()).extracting(Table::schema).containsOnly(database(db));
    assertThat(snapshot.databaseProduct())
        .matches(ServerFlavor.of(db).productName() + " \\d+\\.\\d+\\.\\d+");
  }

  @Test
  void readsEveryVisibleDatabaseButTheSystemOnesWhenAsked() throws SQLException {
    SchemaSnapshot snapshot = introspect(MySqlIntrospector.allDatabases());
    assertThat(snapshot.table(database(other) + ".elsewhere")).isPresent();
    assertThat(snapshot.table(database(db) + ".roles")).isPresent();
    assertThat(snapshot.tables())
        .extracting(Table::schema)
        .doesNotContain("mysql", "information_schema", "performance_schema", "sys");
  }

  @Test
  void connectionWithoutCurrentDatabaseReadsEveryVisibleDatabase() throws SQLException {
    String serverUrl = db.jdbcUrl().substring(0, db.jdbcUrl().lastIndexOf('/') + 1);
    try (Connection connection =
        DriverManager.getConnection(serverUrl, db.username(), db.password())) {
      SchemaSnapshot snapshot = MySqlIntrospector.currentDatabase().introspect(connection);
      assertThat(snapshot.table(database(other) + ".elsewhere")).isPresent();
      assertThat(snapshot.table(database(db) + ".web_user")).isPresent();
    }
  }

  @Test
  void readsFullColumnTypesNullabilityCommentsAndEnumLabels() throws SQLException {
    Table users = introspect(MySqlIntrospector.currentDatabase()).table("web_user").orElseThrow();
    assertThat(users.columnNames())
        .containsExactly("id", "email", "status", "tier", "score", "age", "flags", "doc");
    Column id = users.column("id").orElseThrow();
    assertThat(id.type()).startsWith("bigint").endsWith("unsigned");
    assertThat(id.nullable()).isFalse();
    Column email = users.column("email").orElseThrow();
    assertThat(email.type()).isEqualTo("varchar(120)");
    assertThat(email.comment()).isEqualTo("login, unique");
    assertThat(users.column("status").orElseThrow().allowedValues())
        .containsExactly("active", "blocked", "it's complicated");
    assertThat(users.column("flags").orElseThrow().allowedValues()).containsExactly("a", "b");
    assertThat(users.comment()).isEmpty();
    assertThat(users.kind()).isEqualTo(TableKind.TABLE);
  }

  @Test
  void readsShortCheckInListsAsAllowedValuesAndIgnoresOtherChecks() throws SQLException {
    Table users = introspect(MySqlIntrospector.currentDatabase()).table("web_user").orElseThrow();
    assertThat(users.column("tier").orElseThrow().allowedValues())
        .containsExactly("free", "pro", "team");
    assertThat(users.column("score").orElseThrow().allowedValues()).containsExactly("1", "2", "3");
    assertThat(users.column("age").orElseThrow().allowedValues()).isEmpty();
    assertThat(users.column("doc").orElseThrow().allowedValues()).isEmpty(); // json_valid(doc)
  }

  @Test
  void readsPrimaryKeysInKeyOrderAndForeignKeysIncludingComposite() throws SQLException {
    SchemaSnapshot snapshot = introspect(MySqlIntrospector.currentDatabase());
    assertThat(snapshot.table("role_permissions").orElseThrow().primaryKey())
        .containsExactly("permission", "role_id");
    Table userRoles = snapshot.table("user_roles").orElseThrow();
    assertThat(userRoles.primaryKey()).isEmpty();
    assertThat(userRoles.foreignKeys())
        .extracting(
            ForeignKey::name,
            ForeignKey::columns,
            ForeignKey::referencedTable,
            ForeignKey::referencedColumns)
        .containsExactlyInAnyOrder(
            tuple("ur_user", List.of("user_id"), "web_user", List.of("id")),
            tuple("ur_role", List.of("role_id"), "roles", List.of("id")),
            tuple(
                "ur_region",
                List.of("region", "country"),
                "regions",
                List.of("region", "country")));
    assertThat(userRoles.foreignKeys())
        .allSatisfy(fk -> assertThat(fk.referencedSchema()).isEqualTo(database(db)));
  }

  @Test
  void readsTableCommentsRowEstimatesAndViews() throws SQLException {
    SchemaSnapshot snapshot = introspect(MySqlIntrospector.currentDatabase());
    Table roles = snapshot.table("roles").orElseThrow();
    assertThat(roles.comment()).isEqualTo("Who may do what");
    assertThat(roles.approximateRows()).isGreaterThanOrEqualTo(0);
    Table view = snapshot.table("active_users").orElseThrow();
    assertThat(view.kind()).isEqualTo(TableKind.VIEW);
    assertThat(view.comment()).isEmpty();
    assertThat(view.approximateRows()).isEqualTo(-1);
    assertThat(view.columnNames()).containsExactly("id", "email");
  }

  @Test
  void introspectsNamedTablesBareOrQualifiedCaseInsensitively() throws SQLException {
    try (Connection connection = db.connect()) {
      SchemaSnapshot some =
          MySqlIntrospector.currentDatabase()
              .introspectTables(
                  connection, List.of("ROLES", database(db) + ".web_user", "missing"));
      assertThat(some.tables())
          .extracting(Table::name)
          .containsExactlyInAnyOrder("roles", "web_user");
      assertThat(
              some.table("web_user").orElseThrow().column("status").orElseThrow().allowedValues())
          .hasSize(3);
      assertThat(
              MySqlIntrospector.currentDatabase().introspectTables(connection, List.of()).tables())
          .isEmpty();
    }
  }

  @Test
  void rowCapOfAGuardedConnectionDoesNotTruncateTheCatalog() throws SQLException {
    try (Connection connection = db.connect()) {
      new MySqlSessionGuards()
          .apply(connection, new GuardSettings(true, Duration.ofSeconds(10), 1));
      SchemaSnapshot snapshot = MySqlIntrospector.currentDatabase().introspect(connection);
      assertThat(snapshot.tables()).hasSize(6);
      assertThat(snapshot.table("web_user").orElseThrow().columns()).hasSize(8);
      assertThat(snapshot.table("user_roles").orElseThrow().foreignKeys()).hasSize(3);
      connection.rollback();
    }
  }

  @Test
  void emptyDatabaseGivesAnEmptySnapshotWithTheProduct() throws SQLException {
    TestDatabase empty = TestDatabases.mariadb("mysql_intro_empty");
    try (Connection connection = empty.connect()) {
      SchemaSnapshot snapshot = MySqlIntrospector.currentDatabase().introspect(connection);
      assertThat(snapshot.tables()).isEmpty();
      assertThat(snapshot.databaseProduct()).startsWith(ServerFlavor.of(empty).productName() + " ");
    }
  }

  @Test
  void parsesLiteralListsAsTheServerPrintsThem() {
    assertThat(MySqlIntrospector.splitValues("_utf8mb4'a',_utf8mb4'b''c'"))
        .containsExactly("a", "b'c");
    assertThat(MySqlIntrospector.splitValues("'x, y','z'")).containsExactly("x, y", "z");
    assertThat(MySqlIntrospector.splitValues("1, 2,3")).containsExactly("1", "2", "3");
    assertThat(MySqlIntrospector.enumLabels("enum('on','off')")).containsExactly("on", "off");
    assertThat(MySqlIntrospector.enumLabels("varchar(10)")).isEmpty();
    assertThat(MySqlIntrospector.product(MySqlFlavor.MARIADB, "5.5.5-10.11.6-MariaDB-0+deb12u1"))
        .isEqualTo("MariaDB 10.11.6");
    assertThat(MySqlIntrospector.product(MySqlFlavor.MYSQL, "8.0.36-0ubuntu0.22.04.1"))
        .isEqualTo("MySQL 8.0.36");
  }

  private static SchemaSnapshot introspect(MySqlIntrospector introspector) throws SQLException {
    try (Connection connection = db.connect()) {
      return introspector.introspect(connection);
    }
  }

  private static String database(TestDatabase database) {
    String url = database.jdbcUrl();
    return url.substring(url.lastIndexOf('/') + 1);
  }
}
