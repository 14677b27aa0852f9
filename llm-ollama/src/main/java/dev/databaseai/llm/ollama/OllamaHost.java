package dev.databaseai.llm.ollama;

import dev.databaseai.llm.InvalidConfigurationException;
import java.util.Locale;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Reads {@code OLLAMA_HOST} the way the Ollama CLI does: {@code host}, {@code host:port}, {@code
 * :port}, {@code [::1]:port}, each with or without {@code http://} or {@code https://}, and an
 * optional path (for a server behind a reverse proxy). Without a scheme the port defaults to 11434;
 * with {@code http://} to 80 and with {@code https://} to 443, as in the CLI. The bind-all
 * addresses {@code 0.0.0.0} and {@code ::} (what {@code ollama serve} listens on) mean this
 * machine. Unlike the CLI, a malformed port is an error rather than silently replaced. Stateless.
 */
final class OllamaHost {

  /** The environment variable. */
  static final String KEY = "OLLAMA_HOST";

  /** Where {@code ollama serve} listens by default. */
  static final HttpUrl DEFAULT = HttpUrl.get("http://localhost:11434/");

  private static final int DEFAULT_PORT = 11434;

  /** A DNS name, an IPv4 address or an IPv6 address (brackets already removed). */
  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9._-]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%a-z]*");

  private OllamaHost() {}

  /**
   * The server's base URL, always ending in {@code /}.
   *
   * @param value the setting, or null/blank for the default {@code http://localhost:11434/}
   * @throws InvalidConfigurationException naming the value when it cannot be read
   */
  static HttpUrl parse(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT;
    }
    String rest = value.strip();
    if (rest.contains("@")) {
      // user:password@host would put a secret into every message that shows the URL
      throw new InvalidConfigurationException(
          KEY
              + " must not contain credentials (user:password@host). Give the host alone and set"
              + " OLLAMA_API_KEY for a proxy that wants a bearer token.");
    }
    String scheme = "http";
    int defaultPort = DEFAULT_PORT;
    int sep = rest.indexOf("://");
    if (sep >= 0) {
      scheme = rest.substring(0, sep).toLowerCase(Locale.ROOT);
      rest = rest.substring(sep + 3);
      if (scheme.equals("http")) {
        defaultPort = 80;
      } else if (scheme.equals("https")) {
        defaultPort = 443;
      } else {
        throw invalid(value, "the scheme must be http or https, was '" + scheme + "'");
      }
    }
    String path = "";
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      path = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
    }
    String host;
    String port = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw invalid(value, "an IPv6 address needs a closing ']'");
      }
      host = rest.substring(1, close);
      String after = rest.substring(close + 1);
      if (after.startsWith(":")) {
        port = after.substring(1);
      } else if (!after.isEmpty()) {
        throw invalid(value, "unexpected '" + after + "' after the IPv6 address");
      }
    } else if (rest.indexOf(':') != rest.lastIndexOf(':')) {
      host = rest; // a bare IPv6 address such as ::1
    } else if (rest.indexOf(':') >= 0) {
      host = rest.substring(0, rest.indexOf(':'));
      port = rest.substring(rest.indexOf(':') + 1);
    } else {
      host = rest;
    }
    if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
      host = "localhost";
    }
    int portNumber = port == null ? defaultPort : port(value, port);
    HttpUrl.Builder url = new HttpUrl.Builder().scheme(scheme).port(portNumber);
    try {
      if (!HOST.matcher(host).matches()) {
        throw new IllegalArgumentException(host);
      }
      url.host(host);
    } catch (IllegalArgumentException e) {
      throw invalid(value, "'" + host + "' is not a host name or IP address");
    }
    String trimmed = path.replaceAll("^/+|/+$", "");
    if (!trimmed.isEmpty()) {
      url.addPathSegments(trimmed);
    }
    return url.addPathSegment("").build();
  }

  private static int port(String value, String port) {
    try {
      int n = Integer.parseInt(port);
      if (n >= 1 && n <= 65535) {
        return n;
      }
    } catch (NumberFormatException notNumber) {
      // reported below
    }
    throw invalid(value, "the port must be a number from 1 to 65535, was '" + port + "'");
  }

  private static InvalidConfigurationException invalid(String value, String why) {
    return new InvalidConfigurationException(
        KEY
            + "='"
            + value
            + "' cannot be read: "
            + why
            + ". Use host, host:port or a URL, e.g. localhost:11434 or http://gpu-box:11434.");
  }
}
