package dev.databaseai.agent.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small SQL tokenizer that knows where literals, quoted identifiers and comments start and end,
 * under the rules of one database family. {@link SqlGuard} lexes every statement under both the
 * PostgreSQL and the MySQL rules and refuses it when they disagree, so that no text can be a
 * harmless literal for the guard and code for the database.
 */
final class SqlLexer {

  /** The reading rules of a database family. */
  enum Rules {
    /**
     * Standard strings (backslash escapes only in {@code E'…'}), nested block comments, {@code $$}
     * strings.
     */
    POSTGRES(false, true, false, true),
    /**
     * Backslash escapes in strings, flat block comments, {@code #} comments, {@code -- } needs a
     * space.
     */
    MYSQL(true, false, true, false);

    final boolean backslashEscapes;
    final boolean nestedComments;
    final boolean hashComments;
    final boolean dollarQuotes;

    Rules(
        boolean backslashEscapes,
        boolean nestedComments,
        boolean hashComments,
        boolean dollarQuotes) {
      this.backslashEscapes = backslashEscapes;
      this.nestedComments = nestedComments;
      this.hashComments = hashComments;
      this.dollarQuotes = dollarQuotes;
    }
  }

  enum Kind {
    WORD,
    QUOTED_IDENTIFIER,
    STRING,
    NUMBER,
    SYMBOL,
    COMMENT,
    SPACE
  }

  /**
   * One token.
   *
   * @param text the source text (for a quoted identifier: the name without quotes)
   */
  record Token(Kind kind, String text, int start, int end) {

    boolean isCode() {
      return kind != Kind.COMMENT && kind != Kind.SPACE;
    }

    boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String upper() {
      return text.toUpperCase(Locale.ROOT);
    }
  }

  /** Thrown when the text cannot be tokenized safely (an unterminated literal or comment). */
  static final class LexException extends Exception {
    LexException(String message) {
      super(message);
    }
  }

  private SqlLexer() {}

  static List<Token> lex(String sql, Rules rules) throws LexException {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int start = i;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        while (i < n && " \t\n\r".indexOf(sql.charAt(i)) >= 0) {
          i++;
        }
        tokens.add(new Token(Kind.SPACE, sql.substring(start, i), start, i));
      } else if (c == '-'
          && i + 1 < n
          && sql.charAt(i + 1) == '-'
          && (!rules.hashComments || i + 2 >= n || Character.isWhitespace(sql.charAt(i + 2)))) {
        i = lineEnd(sql, i);
        tokens.add(new Token(Kind.COMMENT, sql.substring(start, i), start, i));
      } else if (c == '#' && rules.hashComments) {
        i = lineEnd(sql, i);
        tokens.add(new Token(Kind.COMMENT, sql.substring(start, i), start, i));
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        i = blockCommentEnd(sql, i, rules);
        tokens.add(new Token(Kind.COMMENT, sql.substring(start, i), start, i));
      } else if (c == '\'') {
        boolean escapes = rules.backslashEscapes || precededByEscapePrefix(sql, i);
        i = quotedEnd(sql, i, '\'', escapes);
        tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, i));
      } else if (c == '"') {
        i = quotedEnd(sql, i, '"', rules.backslashEscapes);
        tokens.add(new Token(Kind.QUOTED_IDENTIFIER, unquote(sql.substring(start, i)), start, i));
      } else if (c == '`') {
        i = quotedEnd(sql, i, '`', false);
        tokens.add(new Token(Kind.QUOTED_IDENTIFIER, unquote(sql.substring(start, i)), start, i));
      } else if (c == '$' && rules.dollarQuotes && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int close = sql.indexOf(tag, i + tag.length());
        if (close < 0) {
          throw new LexException(
              "unterminated dollar-quoted string starting at position " + (i + 1));
        }
        i = close + tag.length();
        tokens.add(new Token(Kind.STRING, sql.substring(start, i), start, i));
      } else if (Character.isLetter(c) || c == '_') {
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i))
                || sql.charAt(i) == '_'
                || sql.charAt(i) == '$')) {
          i++;
        }
        tokens.add(new Token(Kind.WORD, sql.substring(start, i), start, i));
      } else if (Character.isDigit(c)) {
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start, i));
      } else {
        i++;
        tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), start, i));
      }
    }
    return tokens;
  }

  private static boolean precededByEscapePrefix(String sql, int quote) {
    // PostgreSQL E'…' strings honour backslash escapes even with standard_conforming_strings on.
    if (quote == 0) {
      return false;
    }
    char prefix = sql.charAt(quote - 1);
    if (prefix != 'E' && prefix != 'e') {
      return false;
    }
    return quote < 2
        || !(Character.isLetterOrDigit(sql.charAt(quote - 2)) || sql.charAt(quote - 2) == '_');
  }

  private static int lineEnd(String sql, int from) {
    int end = from;
    while (end < sql.length() && sql.charAt(end) != '\n' && sql.charAt(end) != '\r') {
      end++;
    }
    return end;
  }

  private static int blockCommentEnd(String sql, int from, Rules rules) throws LexException {
    int depth = 0;
    int i = from;
    while (i < sql.length() - 1) {
      if (sql.charAt(i) == '/'
          && sql.charAt(i + 1) == '*'
          && (depth == 0 || rules.nestedComments)) {
        depth++;
        i += 2;
      } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    throw new LexException("unterminated /* comment starting at position " + (from + 1));
  }

  private static int quotedEnd(String sql, int from, char quote, boolean backslashEscapes)
      throws LexException {
    int i = from + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    throw new LexException("unterminated " + quote + " quote starting at position " + (from + 1));
  }

  private static String dollarTag(String sql, int from) {
    int i = from + 1;
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    if (i < sql.length()
        && sql.charAt(i) == '$'
        && (i == from + 1 || !Character.isDigit(sql.charAt(from + 1)))) {
      return sql.substring(from, i + 1);
    }
    return null;
  }

  private static String unquote(String quoted) {
    char q = quoted.charAt(0);
    String body = quoted.substring(1, quoted.length() - 1);
    return body.replace(String.valueOf(q) + q, String.valueOf(q));
  }
}
