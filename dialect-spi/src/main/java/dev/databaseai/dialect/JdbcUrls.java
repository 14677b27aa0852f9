package dev.databaseai.dialect;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for JDBC URLs that are safe to show: secrets in a URL never reach a message or a log. */
public final class JdbcUrls {

  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)([?&;](?:password|pwd|passwd|secret|token|sslpassword|sslkey|apikey|api_key)=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*):[^/@?;]*@");

  private JdbcUrls() {}

  /**
   * {@code url} with every password-like parameter value and any {@code user:password@} secret
   * replaced by {@code ***}. Null becomes {@code "null"}.
   */
  public static String redact(String url) {
    if (url == null) {
      return "null";
    }
    String withoutParams = SECRET_PARAMETER.matcher(url).replaceAll("$1***");
    Matcher userInfo = USER_INFO.matcher(withoutParams);
    return userInfo.replaceAll("$1:***@");
  }

  /**
   * The lower-case sub-protocol of a JDBC URL ({@code postgresql} for {@code jdbc:postgresql://…}),
   * or empty.
   */
  public static String subProtocol(String url) {
    if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      return "";
    }
    int end = url.indexOf(':', 5);
    return end < 0 ? "" : url.substring(5, end).toLowerCase(Locale.ROOT);
  }
}
