package dev.databaseai.agent.guard;

import dev.databaseai.agent.guard.SqlLexer.Kind;
import dev.databaseai.agent.guard.SqlLexer.LexException;
import dev.databaseai.agent.guard.SqlLexer.Rules;
import dev.databaseai.agent.guard.SqlLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Refuses, before anything reaches the database, all SQL but a single read-only query ({@code
 * SELECT}, {@code WITH … SELECT} or {@code VALUES}), naming the reason. It is the first line of
 * defence; the dialect's read-only session guards are the second.
 *
 * <p>How a statement is judged:
 *
 * <ol>
 *   <li>It is tokenized under both PostgreSQL and MySQL rules; where the two disagree on what is a
 *       literal or a comment (a backslash before a quote, nested or {@code #} comments, {@code --}
 *       without a space, {@code $$} strings) it is refused, so that no text can be a harmless
 *       literal for the guard and code for the database. Characters outside literals, quoted
 *       identifiers and comments must be plain ASCII (no look-alike letters or odd white space).
 *   <li>MySQL executable comments ({@code /*! … *}{@code /}, {@code /*M! … *}{@code /}) are
 *       refused.
 *   <li>Exactly one statement: a {@code ;} followed by anything but comments is refused (a {@code
 *       ;} inside a literal or comment is not a separator).
 *   <li>The statement must start with {@code SELECT}, {@code WITH} or {@code VALUES}; {@code INTO},
 *       {@code OUTFILE}/{@code DUMPFILE}, {@code FOR UPDATE/SHARE/NO KEY UPDATE/KEY SHARE}, {@code
 *       LOCK IN SHARE MODE}, and {@code INSERT/UPDATE/DELETE/MERGE} anywhere inside (data-modifying
 *       CTEs) are refused, as is a call of a denied function anywhere (case-insensitive, schema
 *       qualified or quoted too).
 *   <li>The statement is parsed with JSqlParser and the tree is checked again (statement type, CTE
 *       bodies, {@code SELECT … INTO}, row locks). When JSqlParser cannot read a statement that
 *       passed every check above, it is allowed: the token checks already prove it cannot write,
 *       and the database's own syntax error is more useful to the caller than a refusal.
 * </ol>
 *
 * <p>{@code EXPLAIN} is refused: {@code EXPLAIN ANALYZE} executes its statement, and a plan is not
 * an answer. Thread-safe; its only state is a small cache of recent decisions.
 */
public final class SqlGuard {

  /**
   * Functions refused on every database in addition to the dialect's list (lower-case; a trailing
   * {@code *} matches a prefix): file and network access, sleeping, locks, sequences, session
   * settings, server signals, and functions that run a query given as text.
   */
  public static final Set<String> BASELINE_DENIED_FUNCTIONS =
      Set.of(
          "pg_read_file",
          "pg_read_binary_file",
          "pg_ls_*",
          "pg_stat_file",
          "lo_*",
          "lowrite",
          "loread",
          "dblink*",
          "pg_terminate_backend",
          "pg_cancel_backend",
          "pg_reload_conf",
          "pg_rotate_logfile",
          "set_config",
          "pg_sleep*",
          "pg_advisory*",
          "pg_try_advisory*",
          "nextval",
          "setval",
          "query_to_xml*",
          "cursor_to_xml",
          "pg_switch_wal",
          "pg_promote",
          "pg_create_restore_point",
          "pg_logical_emit_message",
          "pg_notify",
          "pg_file_write",
          "copy_to",
          "load_file",
          "sleep",
          "benchmark",
          "get_lock",
          "release_lock",
          "release_all_locks",
          "master_pos_wait",
          "source_pos_wait",
          "sys_exec",
          "sys_eval");

  private static final String ONLY_QUERIES =
      "; only a single read-only query (SELECT, WITH … SELECT or VALUES) may run";

  private static final Map<String, String> STATEMENT_CLASSES = statementClasses();

  /** How many recent decisions are kept, and the longest statement kept. */
  private static final int CACHE_SIZE = 512;

  private static final int CACHED_LENGTH = 4096;

  private final Set<String> exactDenied = new TreeSet<>();
  private final List<String> prefixDenied = new ArrayList<>();

  /**
   * A guard refusing calls of {@code deniedFunctions} (typically {@code
   * dialect.sessionGuards().deniedFunctions()}) and of {@link #BASELINE_DENIED_FUNCTIONS}.
   *
   * @param deniedFunctions function names, matched case-insensitively; a trailing {@code *} matches
   *     a prefix
   */
  /**
   * Decisions for recently seen statements: a decision depends only on the text and this guard's
   * deny-list, and parsing is the most expensive step of a repeated query (dashboards, retries).
   */
  private final Map<String, GuardDecision> recent =
      new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GuardDecision> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  public SqlGuard(Set<String> deniedFunctions) {
    Objects.requireNonNull(deniedFunctions, "deniedFunctions");
    for (String name : deniedFunctions) {
      add(Objects.requireNonNull(name, "a denied function name is null"));
    }
    BASELINE_DENIED_FUNCTIONS.forEach(this::add);
  }

  private void add(String name) {
    String lower = name.trim().toLowerCase(Locale.ROOT);
    if (lower.endsWith("*")) {
      prefixDenied.add(lower.substring(0, lower.length() - 1));
    } else if (!lower.isEmpty()) {
      exactDenied.add(lower);
    }
  }

  /**
   * Judges {@code sql}. Never throws.
   *
   * @return an allowed decision carrying the single statement to run, or a refusal naming the
   *     reason
   */
  public GuardDecision check(String sql) {
    if (sql == null || sql.length() > CACHED_LENGTH) {
      return decide(sql);
    }
    synchronized (recent) {
      GuardDecision known = recent.get(sql);
      if (known != null) {
        return known;
      }
    }
    GuardDecision decision = decide(sql);
    synchronized (recent) {
      recent.put(sql, decision);
    }
    return decision;
  }

  private GuardDecision decide(String sql) {
    if (sql == null || sql.isBlank()) {
      return refuse("empty SQL" + ONLY_QUERIES);
    }
    if (sql.indexOf('\0') >= 0) {
      return refuse("a NUL character in the SQL" + ONLY_QUERIES);
    }
    List<Token> postgres;
    List<Token> mysql;
    try {
      postgres = SqlLexer.lex(sql, Rules.POSTGRES);
      mysql = SqlLexer.lex(sql, Rules.MYSQL);
    } catch (LexException e) {
      return refuse("could not read the SQL: " + e.getMessage());
    }
    List<Token> code = postgres.stream().filter(Token::isCode).toList();
    if (code.isEmpty()) {
      return refuse("no statement, only comments" + ONLY_QUERIES);
    }
    String problem = oddCharacter(postgres);
    if (problem != null) {
      return refuse(problem);
    }
    String firstKeyword = firstKeywordRefusal(code);
    if (firstKeyword != null) {
      return refuse(firstKeyword);
    }
    if (!boundaries(postgres).equals(boundaries(mysql))) {
      return refuse(
          "PostgreSQL and MySQL would read this SQL differently (a backslash before a quote, a nested or"
              + " '#' comment, '--' without a following space, or a $$ string); write plain 'single-quoted'"
              + " literals and /* */ comments");
    }
    for (Token token : postgres) {
      if (token.kind() == Kind.COMMENT && isExecutableComment(token.text())) {
        return refuse(
            "MySQL executable comment "
                + abbreviate(token.text())
                + " (its content runs as SQL)"
                + ONLY_QUERIES);
      }
    }
    int end = sql.length();
    for (int i = 0; i < code.size(); i++) {
      if (code.get(i).isSymbol(";")) {
        end = code.get(i).start();
        for (int j = i + 1; j < code.size(); j++) {
          if (!code.get(j).isSymbol(";")) {
            return refuse(
                "multiple statements (a second one starts with '"
                    + abbreviate(code.get(j).text())
                    + "')"
                    + ONLY_QUERIES);
          }
        }
        code = code.subList(0, i);
        break;
      }
    }
    if (code.isEmpty()) {
      return refuse("no statement before ';'" + ONLY_QUERIES);
    }
    String statement = sql.substring(0, end).trim();
    String refusal = tokenRefusal(code);
    if (refusal == null && balancedParentheses(code)) {
      // Unbalanced parentheses make JSqlParser backtrack for seconds; the token checks suffice.
      refusal = treeRefusal(statement);
    }
    return refusal == null ? GuardDecision.allowed(statement) : refuse(refusal);
  }

  /**
   * Throws when {@link #check(String)} refuses {@code sql}.
   *
   * @return the single statement to run
   * @throws SqlRefusedException naming the reason
   */
  public String require(String sql) {
    GuardDecision decision = check(sql);
    if (!decision.allowed()) {
      throw new SqlRefusedException(decision.reason());
    }
    return decision.statement();
  }

  private static GuardDecision refuse(String reason) {
    return GuardDecision.refused(reason.endsWith(ONLY_QUERIES) ? reason : reason + ONLY_QUERIES);
  }

  private static List<String> boundaries(List<Token> tokens) {
    List<String> result = new ArrayList<>();
    for (Token token : tokens) {
      if (token.kind() == Kind.STRING
          || token.kind() == Kind.QUOTED_IDENTIFIER
          || token.kind() == Kind.COMMENT) {
        result.add(token.kind() + "@" + token.start() + "-" + token.end());
      }
    }
    return result;
  }

  private static String oddCharacter(List<Token> tokens) {
    for (Token token : tokens) {
      if (token.kind() == Kind.STRING
          || token.kind() == Kind.QUOTED_IDENTIFIER
          || token.kind() == Kind.COMMENT) {
        continue;
      }
      for (int i = 0; i < token.text().length(); i++) {
        char c = token.text().charAt(i);
        boolean plain = (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r';
        if (!plain) {
          return String.format(
              "character U+%04X at position %d outside a literal (look-alike letters and unusual white space"
                  + " are refused); write the SQL in plain ASCII",
              (int) c, token.start() + i + 1);
        }
      }
    }
    return null;
  }

  private static boolean isExecutableComment(String comment) {
    String upper = comment.toUpperCase(Locale.ROOT);
    return upper.startsWith("/*!") || upper.startsWith("/*M!");
  }

  private static String firstKeywordRefusal(List<Token> code) {
    Token first = null;
    for (Token token : code) {
      if (!token.isSymbol("(")) {
        first = token;
        break;
      }
    }
    if (first == null) {
      return "no statement inside the parentheses" + ONLY_QUERIES;
    }
    String keyword = first.upper();
    if (first.kind() == Kind.WORD && Set.of("SELECT", "WITH", "VALUES").contains(keyword)) {
      return null;
    }
    String statementClass = STATEMENT_CLASSES.get(keyword);
    if (statementClass != null) {
      return keyword + " " + statementClass + ONLY_QUERIES;
    }
    return "'" + abbreviate(first.text()) + "' does not start a query" + ONLY_QUERIES;
  }

  private String tokenRefusal(List<Token> code) {
    for (int i = 0; i < code.size(); i++) {
      Token token = code.get(i);
      Token next = i + 1 < code.size() ? code.get(i + 1) : null;
      boolean call = next != null && next.isSymbol("(");
      if (token.kind() == Kind.WORD) {
        String word = token.upper();
        switch (word) {
          case "INTO", "OUTFILE", "DUMPFILE" -> {
            return "SELECT … " + word + " writes to a table, file or variable" + ONLY_QUERIES;
          }
          case "FOR" -> {
            if (next != null
                && next.kind() == Kind.WORD
                && Set.of("UPDATE", "SHARE", "NO", "KEY").contains(next.upper())) {
              return "SELECT … FOR " + lockMode(code, i + 1) + " locks rows" + ONLY_QUERIES;
            }
          }
          case "LOCK" -> {
            if (next != null && next.isWord("IN")) {
              return "SELECT … LOCK IN SHARE MODE locks rows" + ONLY_QUERIES;
            }
          }
          case "INSERT", "UPDATE", "DELETE", "MERGE", "UPSERT" -> {
            if (!call) {
              return word
                  + " inside the query modifies data (a data-modifying WITH clause)"
                  + ONLY_QUERIES;
            }
          }
          default -> {
            // other words are checked as function names below
          }
        }
      }
      if (call
          && (token.kind() == Kind.WORD || token.kind() == Kind.QUOTED_IDENTIFIER)
          && isDenied(token.text())) {
        String qualified = qualifiedName(code, i);
        return "calls "
            + qualified
            + "(), a function denied on this connection (file, network, sleep, lock"
            + " or session side effects)"
            + ONLY_QUERIES;
      }
    }
    return null;
  }

  private static String lockMode(List<Token> code, int from) {
    StringBuilder mode = new StringBuilder();
    for (int i = from; i < code.size() && i < from + 3 && code.get(i).kind() == Kind.WORD; i++) {
      String word = code.get(i).upper();
      if (!Set.of("UPDATE", "SHARE", "NO", "KEY").contains(word)) {
        break;
      }
      mode.append(mode.isEmpty() ? "" : " ").append(word);
      if (word.equals("UPDATE") || word.equals("SHARE")) {
        break;
      }
    }
    return mode.toString();
  }

  private static String qualifiedName(List<Token> code, int nameIndex) {
    String name = code.get(nameIndex).text();
    if (nameIndex >= 2
        && code.get(nameIndex - 1).isSymbol(".")
        && (code.get(nameIndex - 2).kind() == Kind.WORD
            || code.get(nameIndex - 2).kind() == Kind.QUOTED_IDENTIFIER)) {
      return code.get(nameIndex - 2).text() + "." + name;
    }
    return name;
  }

  boolean isDenied(String functionName) {
    String lower = functionName.toLowerCase(Locale.ROOT);
    if (exactDenied.contains(lower)) {
      return true;
    }
    for (String prefix : prefixDenied) {
      if (lower.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean balancedParentheses(List<Token> code) {
    int depth = 0;
    for (Token token : code) {
      depth += token.isSymbol("(") ? 1 : token.isSymbol(")") ? -1 : 0;
      if (depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  private static String treeRefusal(String statement) {
    Statement parsed;
    try {
      parsed = SqlParsing.parse(statement);
    } catch (JSQLParserException | RuntimeException e) {
      // Every token check passed, so the statement cannot write; let the database report the
      // syntax.
      return null;
    }
    if (!(parsed instanceof Select select)) {
      return parsed.getClass().getSimpleName().toUpperCase(Locale.ROOT)
          + " is not a query"
          + ONLY_QUERIES;
    }
    return selectRefusal(select);
  }

  private static String selectRefusal(Select select) {
    if (select.getWithItemsList() != null) {
      for (WithItem<?> item : select.getWithItemsList()) {
        if (!(item.getParenthesedStatement() instanceof Select)) {
          return "the WITH clause " + item.getAliasName() + " modifies data" + ONLY_QUERIES;
        }
      }
    }
    if (select.getForMode() != null) {
      return "SELECT … FOR " + select.getForMode() + " locks rows" + ONLY_QUERIES;
    }
    if (select instanceof PlainSelect plain
        && ((plain.getIntoTables() != null && !plain.getIntoTables().isEmpty())
            || plain.getIntoTempTable() != null)) {
      return "SELECT … INTO writes to a table" + ONLY_QUERIES;
    }
    return null;
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ");
    return flat.length() <= 40 ? flat : flat.substring(0, 37) + "...";
  }

  private static Map<String, String> statementClasses() {
    Map<String, String> classes = new java.util.HashMap<>();
    for (String k : List.of("DELETE", "UPDATE", "INSERT", "MERGE", "REPLACE", "UPSERT")) {
      classes.put(k, "modifies data");
    }
    for (String k : List.of("CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME", "COMMENT")) {
      classes.put(k, "is DDL (it changes the schema)");
    }
    for (String k : List.of("GRANT", "REVOKE")) {
      classes.put(k, "changes privileges");
    }
    classes.put("COPY", "reads or writes files and tables");
    classes.put("LOAD", "reads files into tables");
    for (String k : List.of("DO", "CALL", "EXECUTE", "EXEC", "PREPARE", "DEALLOCATE", "HANDLER")) {
      classes.put(k, "runs procedural or prepared code");
    }
    for (String k : List.of("SET", "RESET", "DISCARD")) {
      classes.put(k, "changes session settings (such as read-only mode or timeouts)");
    }
    for (String k : List.of("LOCK", "UNLOCK")) {
      classes.put(k, "takes or releases table locks");
    }
    for (String k :
        List.of(
            "VACUUM",
            "ANALYZE",
            "OPTIMIZE",
            "REINDEX",
            "CLUSTER",
            "CHECKPOINT",
            "REFRESH",
            "FLUSH",
            "PURGE",
            "REPAIR")) {
      classes.put(k, "is maintenance that writes");
    }
    for (String k :
        List.of(
            "BEGIN", "START", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END", "ABORT", "XA")) {
      classes.put(k, "controls transactions");
    }
    classes.put(
        "EXPLAIN",
        "is not run (EXPLAIN ANALYZE executes its statement, and a plan is not an answer)");
    for (String k :
        List.of(
            "SHOW",
            "DESCRIBE",
            "DESC",
            "USE",
            "LISTEN",
            "NOTIFY",
            "UNLISTEN",
            "KILL",
            "SHUTDOWN",
            "INSTALL",
            "UNINSTALL",
            "SECURITY",
            "IMPORT",
            "TABLE")) {
      classes.put(k, "is not a query");
    }
    return Map.copyOf(classes);
  }
}
