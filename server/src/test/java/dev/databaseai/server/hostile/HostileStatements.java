package dev.databaseai.server.hostile;

import dev.databaseai.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements a read-only session must refuse, per dialect, with a fixture that makes each one
 * observable: a table with rows, a sequence, a procedure that deletes, and files under /tmp that a
 * statement would create. {@link #checksum} fingerprints everything those statements could change.
 */
final class HostileStatements {

  /** A statement and the label a failing test shows. */
  record Hostile(String label, String sql) {
    @Override
    public String toString() {
      return label;
    }
  }

  /** Where file-writing statements aim; none of them may exist after a test. */
  static final String FILE_PREFIX =
      "/tmp/databaseai-hostile-" + ProcessHandle.current().pid() + "-";

  private HostileStatements() {}

  static List<Path> targetFiles() {
    List<Path> files = new ArrayList<>();
    for (String name : List.of("copy.csv", "program", "lo", "outfile", "dumpfile", "outfile2")) {
      files.add(Path.of(FILE_PREFIX + name));
    }
    return files;
  }

  static List<Path> writtenFiles() {
    return targetFiles().stream().filter(Files::exists).toList();
  }

  /** Statements refused on both dialects (table {@code account}, procedure {@code wipe}). */
  static List<Hostile> common() {
    return List.of(
        new Hostile("DELETE", "DELETE FROM account"),
        new Hostile("UPDATE", "UPDATE account SET balance = 0"),
        new Hostile("INSERT", "INSERT INTO account (id, owner, balance) VALUES (99, 'mallory', 1)"),
        new Hostile(
            "INSERT … SELECT", "INSERT INTO account SELECT id + 100, owner, balance FROM account"),
        new Hostile("DROP TABLE", "DROP TABLE account"),
        new Hostile("CREATE TABLE", "CREATE TABLE evil (i int)"),
        new Hostile("CREATE TABLE AS", "CREATE TABLE evil AS SELECT * FROM account"),
        new Hostile("ALTER TABLE", "ALTER TABLE account ADD COLUMN evil int"),
        new Hostile("TRUNCATE", "TRUNCATE TABLE account"),
        new Hostile("CREATE INDEX", "CREATE INDEX evil_idx ON account (owner)"),
        new Hostile("CREATE VIEW", "CREATE VIEW evil AS SELECT * FROM account"),
        new Hostile("CALL", "CALL wipe()"),
        new Hostile("SELECT FOR UPDATE", "SELECT * FROM account FOR UPDATE"),
        new Hostile("SELECT FOR SHARE", "SELECT * FROM account WHERE id = 1 FOR SHARE"),
        new Hostile("two statements", "SELECT 1; DELETE FROM account"),
        new Hostile("two statements, no space", "SELECT 1;DELETE FROM account"),
        new Hostile(
            "second statement behind a block comment",
            "SELECT 1 /* harmless */; DELETE FROM account"),
        new Hostile(
            "comment hides the separator", "SELECT 1 /* ; */ ; UPDATE account SET balance = 0"),
        new Hostile(
            "second statement after a line comment",
            "SELECT 1 -- just a comment\n; DELETE FROM account"),
        new Hostile(
            "string literal with ; then a real second statement",
            "SELECT ';' AS x; DELETE FROM account"),
        new Hostile(
            "quoted identifier with ; then a second statement",
            "SELECT 1 AS \"a;b\"; DELETE FROM account"),
        new Hostile(
            "trailing statement after whitespace",
            "SELECT * FROM account;\n\n  DROP TABLE account"),
        new Hostile("unicode fullwidth semicolon", "SELECT 1\uFF1B DELETE FROM account"),
        new Hostile("unicode look-alike keyword (Cyrillic Е)", "D\u0415LETE FROM account"),
        new Hostile(
            "unicode fullwidth keyword", "\uFF24\uFF25\uFF2C\uFF25\uFF34\uFF25 FROM account"),
        new Hostile("zero-width space inside a keyword", "DEL\u200BETE FROM account"),
        new Hostile("leading comment before DELETE", "/* SELECT */ DELETE FROM account"));
  }

  /** PostgreSQL-only statements and tricks. */
  static List<Hostile> postgres() {
    List<Hostile> list = new ArrayList<>(common());
    list.addAll(
        List.of(
            new Hostile(
                "MERGE",
                "MERGE INTO account a USING (SELECT 1 AS id) s ON a.id = s.id WHEN MATCHED THEN DELETE"),
            new Hostile("GRANT", "GRANT ALL ON account TO PUBLIC"),
            new Hostile("REVOKE", "REVOKE SELECT ON account FROM PUBLIC"),
            new Hostile("CREATE ROLE", "CREATE ROLE mallory LOGIN SUPERUSER"),
            new Hostile("COMMENT ON", "COMMENT ON TABLE account IS 'owned'"),
            new Hostile("COPY TO file", "COPY account TO '" + FILE_PREFIX + "copy.csv'"),
            new Hostile(
                "COPY TO PROGRAM", "COPY (SELECT 1) TO PROGRAM 'touch " + FILE_PREFIX + "program'"),
            new Hostile("COPY FROM", "COPY account FROM '/etc/hostname'"),
            new Hostile("DO block", "DO $$BEGIN DELETE FROM account; END$$"),
            new Hostile("SET read-write default", "SET default_transaction_read_only = off"),
            new Hostile(
                "SET SESSION CHARACTERISTICS",
                "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE"),
            new Hostile("RESET ALL", "RESET ALL"),
            new Hostile("BEGIN READ WRITE", "BEGIN READ WRITE"),
            new Hostile("COMMIT", "COMMIT"),
            new Hostile("LOCK TABLE", "LOCK TABLE account IN ACCESS EXCLUSIVE MODE"),
            new Hostile("VACUUM", "VACUUM account"),
            new Hostile(
                "data-modifying CTE",
                "WITH gone AS (DELETE FROM account RETURNING *) SELECT * FROM gone"),
            new Hostile(
                "data-modifying CTE (UPDATE) nested",
                "WITH a AS (SELECT 1), b AS (UPDATE account SET balance = 0 RETURNING id) SELECT * FROM a, b"),
            new Hostile("SELECT INTO", "SELECT * INTO evil FROM account"),
            new Hostile("SELECT FOR NO KEY UPDATE", "SELECT * FROM account FOR NO KEY UPDATE"),
            new Hostile(
                "SELECT FOR KEY SHARE in a subquery",
                "SELECT * FROM (SELECT * FROM account FOR KEY SHARE) s"),
            new Hostile("pg_read_file", "SELECT pg_read_file('/etc/passwd')"),
            new Hostile(
                "pg_read_file, schema-qualified", "SELECT pg_catalog.pg_read_file('/etc/passwd')"),
            new Hostile("pg_read_file, quoted name", "SELECT \"pg_read_file\"('/etc/passwd')"),
            new Hostile("pg_ls_dir", "SELECT * FROM pg_ls_dir('/tmp')"),
            new Hostile(
                "lo_export",
                "SELECT lo_export(lo_from_bytea(0, 'x'::bytea), '" + FILE_PREFIX + "lo')"),
            new Hostile("lo_import", "SELECT lo_import('/etc/hostname')"),
            new Hostile(
                "dblink",
                "SELECT * FROM dblink('dbname=postgres', 'DELETE FROM account') AS t(x text)"),
            new Hostile("pg_sleep", "SELECT pg_sleep(5)"),
            new Hostile(
                "pg_sleep inside a subquery", "SELECT (SELECT pg_sleep(5)) AS s FROM account"),
            new Hostile(
                "set_config on the read-only default",
                "SELECT set_config('default_transaction_read_only', 'off', false)"),
            new Hostile(
                "set_config on the current transaction",
                "SELECT set_config('transaction_read_only', 'off', false)"),
            new Hostile("nextval", "SELECT nextval('account_seq')"),
            new Hostile("setval", "SELECT setval('account_seq', 1000)"),
            new Hostile("advisory lock", "SELECT pg_advisory_lock(42)"),
            new Hostile(
                "pg_terminate_backend", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"),
            new Hostile("PREPARE", "PREPARE p AS DELETE FROM account"),
            new Hostile("EXPLAIN ANALYZE DELETE", "EXPLAIN ANALYZE DELETE FROM account"),
            new Hostile("dollar-quoted string hiding ;", "SELECT $$;$$ AS x; DELETE FROM account"),
            new Hostile(
                "CREATE FUNCTION", "CREATE FUNCTION evil() RETURNS int LANGUAGE sql AS 'SELECT 1'"),
            new Hostile("LISTEN/NOTIFY", "NOTIFY evil, 'x'")));
    return list;
  }

  /** MariaDB/MySQL-only statements and tricks. */
  static List<Hostile> mariadb() {
    List<Hostile> list = new ArrayList<>(common());
    list.addAll(
        List.of(
            new Hostile(
                "REPLACE", "REPLACE INTO account (id, owner, balance) VALUES (1, 'mallory', 0)"),
            new Hostile("GRANT", "GRANT ALL ON *.* TO 'mallory'@'%' IDENTIFIED BY 'x'"),
            new Hostile("REVOKE", "REVOKE SELECT ON account FROM 'nobody'@'%'"),
            new Hostile("CREATE USER", "CREATE USER 'mallory'@'%' IDENTIFIED BY 'x'"),
            new Hostile("SET SESSION TRANSACTION READ WRITE", "SET SESSION TRANSACTION READ WRITE"),
            new Hostile("SET @@session.transaction_read_only", "SET @@SESSION.tx_read_only = 0"),
            new Hostile("SET autocommit", "SET autocommit = 1"),
            new Hostile("START TRANSACTION READ WRITE", "START TRANSACTION READ WRITE"),
            new Hostile("COMMIT", "COMMIT"),
            new Hostile("LOCK TABLES", "LOCK TABLES account WRITE"),
            new Hostile("HANDLER", "HANDLER account OPEN"),
            new Hostile("DO SLEEP", "DO SLEEP(5)"),
            new Hostile("LOAD DATA", "LOAD DATA INFILE '/etc/hostname' INTO TABLE account"),
            new Hostile(
                "SELECT INTO OUTFILE",
                "SELECT * FROM account INTO OUTFILE '" + FILE_PREFIX + "outfile'"),
            new Hostile(
                "SELECT INTO OUTFILE before FROM",
                "SELECT * INTO OUTFILE '" + FILE_PREFIX + "outfile2' FROM account"),
            new Hostile(
                "SELECT INTO DUMPFILE",
                "SELECT owner FROM account LIMIT 1 INTO DUMPFILE '" + FILE_PREFIX + "dumpfile'"),
            new Hostile("SELECT INTO variable", "SELECT owner INTO @stolen FROM account LIMIT 1"),
            new Hostile("LOCK IN SHARE MODE", "SELECT * FROM account LOCK IN SHARE MODE"),
            new Hostile("LOAD_FILE", "SELECT LOAD_FILE('/etc/passwd')"),
            new Hostile("SLEEP", "SELECT SLEEP(5)"),
            new Hostile("SLEEP in a WHERE", "SELECT * FROM account WHERE SLEEP(5) = 0"),
            new Hostile("BENCHMARK", "SELECT BENCHMARK(100000000, MD5('x'))"),
            new Hostile("GET_LOCK", "SELECT GET_LOCK('evil', 10)"),
            new Hostile(
                "MySQL executable comment with a second statement",
                "SELECT 1 /*!; DELETE FROM account */"),
            new Hostile(
                "MySQL versioned executable comment", "SELECT 1 /*!50000 ; DELETE FROM account */"),
            new Hostile("MariaDB executable comment", "SELECT 1 /*M! ; DELETE FROM account */"),
            new Hostile(
                "executable comment turning SELECT into a write",
                "/*!DELETE FROM account WHERE 1=1 OR */ SELECT 1"),
            new Hostile(
                "executable comment with INTO OUTFILE",
                "SELECT * FROM account /*!INTO OUTFILE '" + FILE_PREFIX + "outfile' */"),
            new Hostile(
                "backslash-escaped quote hiding ;", "SELECT 'it\\'s;' AS x; DELETE FROM account"),
            new Hostile("hash comment hiding nothing", "SELECT 1 # comment\n; DELETE FROM account"),
            new Hostile("PREPARE", "PREPARE p FROM 'DELETE FROM account'"),
            new Hostile("FLUSH", "FLUSH TABLES"),
            new Hostile("KILL", "KILL CONNECTION_ID()")));
    return list;
  }

  /** Creates the fixture on {@code db} (PostgreSQL or MariaDB). */
  static void createFixture(TestDatabase db) {
    if (db.kind() == TestDatabase.Kind.POSTGRES) {
      db.execute(
          "CREATE TABLE account (id int PRIMARY KEY, owner text NOT NULL, balance numeric(12,2) NOT NULL)",
          "INSERT INTO account VALUES (1, 'alice', 100.00), (2, 'bob', 250.50), (3, 'carol', 0.01)",
          "CREATE SEQUENCE account_seq",
          "CREATE PROCEDURE wipe() LANGUAGE sql AS $$DELETE FROM account$$");
    } else {
      db.execute(
          "CREATE TABLE account (id int PRIMARY KEY, owner varchar(40) NOT NULL, balance decimal(12,2) NOT NULL)",
          "INSERT INTO account VALUES (1, 'alice', 100.00), (2, 'bob', 250.50), (3, 'carol', 0.01)",
          "CREATE PROCEDURE wipe() DELETE FROM account");
    }
  }

  private static final java.util.Map<String, Connection> ADMIN =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * One admin connection per database, reused: opening a MariaDB connection costs more than the
   * checksum.
   */
  private static Connection admin(TestDatabase db) throws SQLException {
    Connection connection = ADMIN.get(db.jdbcUrl());
    if (connection == null || !connection.isValid(2)) {
      connection = db.connect();
      connection.setAutoCommit(true);
      ADMIN.put(db.jdbcUrl(), connection);
    }
    return connection;
  }

  /**
   * A fingerprint of everything the hostile statements could change: the rows, the relations,
   * privileges, roles, sequences, large objects, routines and per-role settings.
   */
  static String checksum(TestDatabase db) {
    String sql =
        db.kind() == TestDatabase.Kind.POSTGRES
            ? "SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) FROM ("
                + " SELECT 'row:' || a::text AS x FROM account a"
                + " UNION ALL SELECT 'rel:' || n.nspname || '.' || c.relname || ':' || c.relkind || ':'"
                + "   || coalesce(c.relacl::text, '') || ':' || coalesce(obj_description(c.oid), '')"
                + "   FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + "   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
                + " UNION ALL SELECT 'col:' || attname FROM pg_attribute WHERE attrelid = 'account'::regclass"
                + " UNION ALL SELECT 'seq:' || last_value || ':' || is_called FROM account_seq"
                + " UNION ALL SELECT 'lo:' || oid::text FROM pg_largeobject_metadata"
                + " UNION ALL SELECT 'role:' || rolname || rolsuper FROM pg_roles WHERE rolname LIKE 'mallory%'"
                + " UNION ALL SELECT 'set:' || coalesce(setconfig::text, '') FROM pg_db_role_setting"
                + " UNION ALL SELECT 'proc:' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + "   WHERE n.nspname = 'public') s"
            : "SELECT MD5(CONCAT_WS('|',"
                + " (SELECT GROUP_CONCAT(CONCAT_WS(',', id, owner, balance) ORDER BY id) FROM account),"
                + " (SELECT GROUP_CONCAT(CONCAT(table_name, ':', table_type) ORDER BY table_name)"
                + "   FROM information_schema.tables WHERE table_schema = DATABASE()),"
                + " (SELECT GROUP_CONCAT(column_name ORDER BY column_name) FROM information_schema.columns"
                + "   WHERE table_schema = DATABASE()),"
                + " (SELECT GROUP_CONCAT(index_name ORDER BY index_name) FROM information_schema.statistics"
                + "   WHERE table_schema = DATABASE()),"
                + " (SELECT GROUP_CONCAT(CONCAT(user, '@', host) ORDER BY user, host) FROM mysql.user WHERE user LIKE 'mallory%'),"
                + " (SELECT COUNT(*) FROM information_schema.user_privileges WHERE grantee LIKE '%mallory%'),"
                + " (SELECT GROUP_CONCAT(routine_name) FROM information_schema.routines"
                + "   WHERE routine_schema = DATABASE())))";
    try (Statement statement = admin(db).createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    } catch (SQLException e) {
      throw new AssertionError("checksum failed on " + db + ": " + e.getMessage(), e);
    }
  }
}
