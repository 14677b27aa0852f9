package dev.databaseai.agent.analysis;

import dev.databaseai.dialect.SqlSyntax;
import dev.databaseai.dialect.error.ErrorCategory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The shared corpus of broken queries: {@code analysis/error-corpus.tsv} and its schema. */
final class ErrorCorpus {

  /** One broken query and what a good diagnosis says about it. */
  record Case(int line, String dialect, ErrorCategory category, String fix, String sql) {

    boolean appliesTo(String dialectId) {
      return dialect.equals("both") || dialect.equals(dialectId);
    }

    /**
     * The expected fix with {@code {cast:expr:type}} and {@code {quote:name}} written in the
     * dialect's syntax.
     */
    String fixIn(SqlSyntax syntax) {
      Matcher cast = Pattern.compile("\\{cast:(.+?):(\\w+)\\}").matcher(fix);
      StringBuilder out = new StringBuilder();
      while (cast.find()) {
        cast.appendReplacement(
            out, Matcher.quoteReplacement(syntax.cast(cast.group(1), cast.group(2))));
      }
      cast.appendTail(out);
      Matcher quote = Pattern.compile("\\{quote:(\\w+)\\}").matcher(out.toString());
      StringBuilder quoted = new StringBuilder();
      while (quote.find()) {
        quote.appendReplacement(
            quoted, Matcher.quoteReplacement(syntax.quoteIdentifier(quote.group(1))));
      }
      quote.appendTail(quoted);
      return quoted.toString();
    }
  }

  private ErrorCorpus() {}

  static List<Case> cases() throws IOException {
    return cases("analysis/error-corpus.tsv");
  }

  /** The held-out cases, written after the analyzer was tuned; reported, not asserted. */
  static List<Case> holdout() throws IOException {
    return cases("analysis/error-corpus-holdout.tsv");
  }

  private static List<Case> cases(String resource) throws IOException {
    List<Case> cases = new ArrayList<>();
    String[] lines = read(resource).split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\t", 4);
      if (parts.length != 4) {
        throw new IllegalStateException(
            resource + " line " + (i + 1) + " needs 4 tab-separated fields: " + line);
      }
      cases.add(new Case(i + 1, parts[0], ErrorCategory.valueOf(parts[1]), parts[2], parts[3]));
    }
    return cases;
  }

  static List<String> schemaStatements() throws IOException {
    List<String> statements = new ArrayList<>();
    for (String statement : read("analysis/corpus-schema.sql").split(";\\s*\n")) {
      if (!statement.isBlank()) {
        statements.add(statement.trim());
      }
    }
    return statements;
  }

  /**
   * Whether {@code text} names {@code expected}: as a whole identifier (not inside a longer name),
   * and not only inside a {@code (JOIN … ON …)} note, which is context rather than the fix itself.
   */
  static boolean mentions(String text, String expected) {
    String want = normalize(expected);
    String haystack = normalize(text);
    if (!want.startsWith("join ")) {
      haystack = haystack.replaceAll("\\(join [^)]*\\)", " ");
    }
    Matcher m =
        Pattern.compile(
                (Character.isLetterOrDigit(want.charAt(0)) ? "(?<!\\w)" : "")
                    + Pattern.quote(want)
                    + (Character.isLetterOrDigit(want.charAt(want.length() - 1))
                        ? "(?!\\w|\\.\\w)"
                        : ""))
            .matcher(haystack);
    return m.find();
  }

  private static String normalize(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = ErrorCorpus.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + resource + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
