package dev.databaseai.dialect.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Which of the two servers behind the MySQL protocol a connection talks to. Connector/J reports
 * {@code MySQL} as the product name for both, so the decision rests on the version string: a
 * MariaDB server's contains {@code MariaDB} (e.g. {@code 11.4.5-MariaDB} or {@code
 * 5.5.5-10.11.6-MariaDB}).
 */
public enum MySqlFlavor {
  MYSQL("MySQL"),
  MARIADB("MariaDB");

  private final String productName;

  MySqlFlavor(String productName) {
    this.productName = productName;
  }

  /** {@code MySQL} or {@code MariaDB}. */
  public String productName() {
    return productName;
  }

  /** The flavor a server version string (as {@code SELECT VERSION()} returns it) belongs to. */
  public static MySqlFlavor ofVersion(String serverVersion) {
    return serverVersion != null && serverVersion.toLowerCase(Locale.ROOT).contains("mariadb")
        ? MARIADB
        : MYSQL;
  }

  /**
   * The flavor of {@code connection}'s server, read from the driver's metadata (both Connector/J
   * and MariaDB Connector/J answer from the handshake, without a round trip).
   */
  public static MySqlFlavor of(Connection connection) throws SQLException {
    var metaData = connection.getMetaData();
    if (metaData.getDatabaseProductName().toLowerCase(Locale.ROOT).contains("mariadb")) {
      return MARIADB;
    }
    return ofVersion(metaData.getDatabaseProductVersion());
  }

  /**
   * The server version without the {@code 5.5.5-} replication prefix old MariaDB servers send, e.g.
   * {@code 11.4.5-MariaDB}.
   */
  static String cleanVersion(String serverVersion) {
    String version = serverVersion == null ? "" : serverVersion;
    return version.startsWith("5.5.5-") && version.toLowerCase(Locale.ROOT).contains("mariadb")
        ? version.substring("5.5.5-".length())
        : version;
  }
}
