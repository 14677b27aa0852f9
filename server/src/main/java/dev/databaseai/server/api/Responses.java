package dev.databaseai.server.api;

import dev.databaseai.agent.analysis.Diagnosis;
import dev.databaseai.dialect.schema.Table;
import io.micronaut.serde.annotation.Serdeable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON bodies of the v1 API. */
public final class Responses {

  private Responses() {}

  /** {@code POST /api/v1/sessions} → 201. */
  @Serdeable
  public record SessionCreated(
      String sessionId, String dialect, String database, List<String> tables, String expiresAt) {}

  /** {@code GET /api/v1/sessions/{id}}: never the password. */
  @Serdeable
  public record SessionInfo(
      String sessionId,
      String dialect,
      String database,
      String username,
      String pool,
      int tableCount,
      String createdAt,
      String lastUsedAt,
      String expiresAt) {}

  /** {@code GET /api/v1/sessions/{id}/schema}. */
  @Serdeable
  public record SchemaView(
      String dialect, String databaseProduct, String loadedAt, List<Table> tables) {}

  /** The {@code error} member for a diagnosed database error. */
  public static Map<String, Object> diagnosis(Diagnosis d) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("category", d.category().name());
    error.put("sqlState", d.sqlState());
    error.put("vendorCode", d.vendorCode());
    error.put("message", d.message());
    error.put("identifier", d.identifier().orElse(null));
    error.put("suggestions", d.suggestions());
    error.put("hint", d.hint());
    error.put("tables", d.tables());
    return error;
  }
}
