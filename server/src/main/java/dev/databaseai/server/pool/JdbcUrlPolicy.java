package dev.databaseai.server.pool;

import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.dialect.JdbcUrls;
import dev.databaseai.dialect.NoSuchPluginException;
import dev.databaseai.dialect.PluginConflictException;
import dev.databaseai.server.api.ApiException;
import io.micronaut.http.HttpStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a user-supplied JDBC URL may be opened: a supported sub-protocol served by an
 * installed dialect, no driver property that reads local files, loads classes, deserializes objects
 * or writes logs, and (when configured) only allowed hosts. Immutable and thread-safe.
 */
public final class JdbcUrlPolicy {

  /** The JDBC sub-protocols users may connect with. */
  public static final Set<String> SUB_PROTOCOLS = Set.of("postgresql", "mysql", "mariadb");

  /**
   * Driver properties refused anywhere in a URL, compared case-insensitively: local-file reads,
   * class loading (socket/SSL factories, interceptors, plugins), Java deserialization, log files.
   */
  public static final Set<String> DANGEROUS_PROPERTIES =
      Set.of(
          "allowloadlocalinfile",
          "allowlocalinfile",
          "allowurlinlocalinfile",
          "allowloadlocalinfileinpath",
          "autodeserialize",
          "socketfactory",
          "socketfactoryarg",
          "sslfactory",
          "sslfactoryarg",
          "sslhostnameverifier",
          "sslpasswordcallback",
          "authenticationpluginclassname",
          "authenticationplugins",
          "defaultauthenticationplugin",
          "loggerlevel",
          "loggerfile",
          "logger",
          "queryinterceptors",
          "exceptioninterceptors",
          "statementinterceptors",
          "connectionlifecycleinterceptors",
          "propertiestransform",
          "clientinfoprovider",
          "loadbalanceexceptionchecker",
          "tlssockettype",
          "credentialtype",
          "localsocketaddress",
          "localsocket");

  private static final Pattern PROPERTY_NAME = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)\\s*=");
  private static final Pattern HOST_PROPERTY = Pattern.compile("(?i)host\\s*=\\s*([^,)/?&;]+)");

  private final Dialects dialects;
  private final Set<String> allowedHosts;

  /**
   * @param dialects the installed dialects
   * @param allowedHosts host names or addresses sessions may reach; empty allows any
   */
  public JdbcUrlPolicy(Dialects dialects, List<String> allowedHosts) {
    this.dialects = dialects;
    TreeSet<String> hosts = new TreeSet<>();
    allowedHosts.forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
    this.allowedHosts = Set.copyOf(hosts);
  }

  /**
   * The dialect for {@code jdbcUrl} once every rule holds.
   *
   * @throws ApiException 400 naming the bad value and the fix, or 403 for a host outside the
   *     allow-list
   */
  public Dialect check(String jdbcUrl) {
    String shown = JdbcUrls.redact(jdbcUrl);
    String subProtocol = JdbcUrls.subProtocol(jdbcUrl);
    if (!SUB_PROTOCOLS.contains(subProtocol)) {
      throw ApiException.badRequest(
          "jdbcUrl",
          "jdbcUrl '"
              + shown
              + "' is not supported: use a URL starting with jdbc:postgresql://, jdbc:mysql:// or"
              + " jdbc:mariadb://, or {\"database\":\"demo\"} for the demo database");
    }
    Set<String> refused = dangerousProperties(jdbcUrl);
    if (!refused.isEmpty()) {
      throw ApiException.badRequest(
          "jdbcUrl",
          "jdbcUrl sets driver properties this server refuses because they read local files, load"
              + " classes or write files: "
              + refused
              + ". Remove them from the URL.");
    }
    if (!allowedHosts.isEmpty()) {
      List<String> hosts = hosts(jdbcUrl);
      for (String host : hosts) {
        if (!allowedHosts.contains(host)) {
          throw new ApiException(
              HttpStatus.FORBIDDEN,
              "HOST_NOT_ALLOWED",
              "database host '"
                  + host
                  + "' is not in databaseai.allowed-hosts "
                  + allowedHosts
                  + "; ask the operator to add it");
        }
      }
      if (hosts.isEmpty()) {
        throw new ApiException(
            HttpStatus.FORBIDDEN,
            "HOST_NOT_ALLOWED",
            "jdbcUrl '"
                + shown
                + "' names no host, and databaseai.allowed-hosts is set; name one of "
                + allowedHosts);
      }
    }
    try {
      return dialects.forJdbcUrl(jdbcUrl);
    } catch (NoSuchPluginException | PluginConflictException e) {
      throw ApiException.badRequest("jdbcUrl", e.getMessage());
    }
  }

  /** The dangerous property names found in {@code jdbcUrl}, raw or percent-decoded, lower-case. */
  static Set<String> dangerousProperties(String jdbcUrl) {
    Set<String> found = new TreeSet<>();
    for (String form : forms(jdbcUrl)) {
      Matcher m = PROPERTY_NAME.matcher(form);
      while (m.find()) {
        String name = m.group(1).toLowerCase(Locale.ROOT);
        if (DANGEROUS_PROPERTIES.contains(name)) {
          found.add(name);
        }
      }
      String lower = form.toLowerCase(Locale.ROOT);
      for (String name : DANGEROUS_PROPERTIES) {
        if (name.length() > 8 && lower.contains(name)) {
          found.add(name);
        }
      }
    }
    return found;
  }

  /** The URL as written and as each round of percent-decoding reads it. */
  private static List<String> forms(String url) {
    List<String> forms = new ArrayList<>();
    String current = url;
    forms.add(current);
    for (int i = 0; i < 3 && current.indexOf('%') >= 0; i++) {
      String decoded;
      try {
        decoded = URLDecoder.decode(current.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        break;
      }
      if (decoded.equals(current)) {
        break;
      }
      forms.add(decoded);
      current = decoded;
    }
    return forms;
  }

  /** The host names a URL points at, lower-case, without ports. */
  static List<String> hosts(String jdbcUrl) {
    List<String> hosts = new ArrayList<>();
    int start = jdbcUrl.indexOf("//");
    if (start < 0) {
      return hosts;
    }
    String rest = jdbcUrl.substring(start + 2);
    int end = rest.length();
    for (char c : new char[] {'/', '?', ';'}) {
      int i = rest.indexOf(c);
      if (i >= 0 && i < end && !(c == '/' && rest.startsWith("("))) {
        end = i;
      }
    }
    String authority = rest.substring(0, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    Matcher hostProps = HOST_PROPERTY.matcher(authority);
    boolean keyValueForm = false;
    while (hostProps.find()) {
      keyValueForm = true;
      hosts.add(hostProps.group(1).trim().toLowerCase(Locale.ROOT));
    }
    if (keyValueForm) {
      return hosts;
    }
    for (String part : authority.split(",")) {
      String host = part.trim();
      if (host.startsWith("[")) {
        int close = host.indexOf(']');
        host = close > 0 ? host.substring(1, close) : host;
      } else {
        int colon = host.indexOf(':');
        host = colon >= 0 ? host.substring(0, colon) : host;
      }
      if (!host.isEmpty()) {
        hosts.add(host.toLowerCase(Locale.ROOT));
      }
    }
    return hosts;
  }
}
