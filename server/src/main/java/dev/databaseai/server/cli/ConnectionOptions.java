package dev.databaseai.server.cli;

import picocli.CommandLine.Option;

/** Which database a command works on, and through what: shared by ask, sql, schema and eval. */
final class ConnectionOptions {

  @Option(
      names = "--url",
      paramLabel = "JDBC_URL",
      description = "JDBC URL of your database, e.g. jdbc:postgresql://localhost:5432/shop")
  String url;

  @Option(names = "--user", paramLabel = "USER", description = "Database user (with --url)")
  String user;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      arity = "0..1",
      interactive = true,
      description =
          "Database password; without a value it is prompted for. Prefer the DATABASEAI_PASSWORD environment variable.")
  char[] password;

  @Option(
      names = "--demo",
      description = "Use the bundled demo database (a network-management schema)")
  boolean demo;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description = "Work through a running DatabaseAI server, e.g. http://localhost:8080")
  String server;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description = "API key for --server (or DATABASEAI_API_KEY)")
  String apiKey;
}
