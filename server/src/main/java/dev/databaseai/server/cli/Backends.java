package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** Opens the backend the connection options ask for, or explains what is missing. */
final class Backends {

  static final String PASSWORD_ENV = "DATABASEAI_PASSWORD";
  static final String API_KEY_ENV = "DATABASEAI_API_KEY";

  private Backends() {}

  /**
   * {@code --server} → the server's HTTP API; {@code --demo} → a server started in this process
   * with its demo database; {@code --url} → the embeddable agent on that database.
   *
   * @throws CliException with {@link ExitCodes#USAGE} when the options do not name one database
   */
  static Backend open(ConnectionOptions options, CliContext context, Progress progress) {
    boolean url = options.url != null && !options.url.isBlank();
    if (url == options.demo) {
      throw new CliException(
          ExitCodes.USAGE,
          url
              ? "Choose one database: --demo or --url, not both."
              : "Choose a database: --demo, or --url JDBC_URL --user USER (password from --password or "
                  + PASSWORD_ENV
                  + ").");
    }
    if (url) {
      if (!options.url.startsWith("jdbc:")) {
        throw new CliException(
            ExitCodes.USAGE,
            "--url '"
                + options.url
                + "' is not a JDBC URL: it starts with jdbc:, e.g. jdbc:postgresql://localhost:5432/shop");
      }
      if (options.user == null || options.user.isBlank()) {
        throw new CliException(
            ExitCodes.USAGE, "--user is required with --url (the database user to connect as).");
      }
    }
    String password =
        options.password != null
            ? new String(options.password)
            : context.env(PASSWORD_ENV).orElse("");
    Optional<String> apiKey =
        Optional.ofNullable(options.apiKey)
            .filter(k -> !k.isBlank())
            .or(() -> context.env(API_KEY_ENV));
    ObjectNode session = Json.MAPPER.createObjectNode();
    if (options.demo) {
      session.put("database", "demo");
    } else {
      session.put("jdbcUrl", options.url).put("username", options.user).put("password", password);
    }
    if (options.server != null && !options.server.isBlank()) {
      progress.step("opening a session on " + options.server);
      return RemoteBackend.open(options.server, session, apiKey);
    }
    if (options.demo) {
      return LocalServer.openDemo(progress);
    }
    return EmbeddedBackend.open(options.url, options.user, password, context, progress);
  }
}
