package dev.databaseai.server.api;

import dev.databaseai.server.pool.TenantPools;
import dev.databaseai.server.session.Sessions;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;

/** Monitoring figures: pools and sessions. Never a password; URLs are redacted. */
@Controller("/api/v1/stats")
@Tag(name = "stats")
public final class StatsController {

  private final TenantPools pools;
  private final Sessions sessions;

  public StatsController(TenantPools pools, Sessions sessions) {
    this.pools = pools;
    this.sessions = sessions;
  }

  @Operation(
      summary =
          "Connection pools: one per database identity, with active/idle/waiting counts and caps")
  @Get("/pools")
  public Map<String, Object> pools() {
    return pools.stats();
  }

  @Operation(summary = "Sessions: active, created, expired, deleted, per pool")
  @Get("/sessions")
  public Map<String, Object> sessions() {
    return sessions.stats();
  }
}
