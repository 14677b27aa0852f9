package dev.databaseai.server.api;

import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.server.config.SchemaSettings;
import dev.databaseai.server.demo.DemoDatabase;
import dev.databaseai.server.pool.ConnectionsExhaustedException;
import dev.databaseai.server.pool.Tenant;
import dev.databaseai.server.query.Outcome;
import dev.databaseai.server.query.SqlExecution;
import dev.databaseai.server.session.Session;
import dev.databaseai.server.session.SessionService;
import dev.databaseai.server.session.Sessions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Sessions, their schema, and SQL: the part of the v1 API that needs no LLM. */
@Controller("/api/v1/sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "sessions")
public final class SessionsController {

  private static final String CREATE_EXAMPLE =
      "{\"database\":\"demo\"} or {\"jdbcUrl\":\"jdbc:postgresql://host:5432/db\",\"username\":\"reader\",\"password\":\"…\"}";
  private static final String SQL_EXAMPLE = "{\"sql\":\"SELECT hostname FROM device\"}";

  private final Sessions sessions;
  private final SessionService service;
  private final SqlExecution execution;
  private final SchemaSettings schemaSettings;
  private final JsonMapper json;
  private final MeterRegistry meters;

  public SessionsController(
      Sessions sessions,
      SessionService service,
      SqlExecution execution,
      SchemaSettings schemaSettings,
      JsonMapper json,
      MeterRegistry meters) {
    this.sessions = sessions;
    this.service = service;
    this.execution = execution;
    this.schemaSettings = schemaSettings;
    this.json = json;
    this.meters = meters;
  }

  @Operation(
      summary = "Open a session",
      description =
          "Body {\"database\":\"demo\"} for the bundled demo, or {\"jdbcUrl\",\"username\",\"password\"} for your"
              + " own PostgreSQL/MySQL/MariaDB database. Answers 201 with the session id, dialect, table names and"
              + " expiry.")
  @Post
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public HttpResponse<Responses.SessionCreated> create(
      HttpRequest<?> request,
      @RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = Requests.CreateSession.class)))
          @Body
          @Nullable
          byte[] body) {
    JsonBody in = JsonBody.parse(json, body, CREATE_EXAMPLE);
    String owner = ApiKeyFilter.owner(request);
    Session session;
    if (in.has("database")) {
      String database = in.requireText("database", "the name of a bundled database (\"demo\")");
      if (in.has("jdbcUrl")) {
        throw ApiException.badRequest(
            "database",
            "Give either 'database' or 'jdbcUrl', not both; for example " + CREATE_EXAMPLE);
      }
      if (!DemoDatabase.NAME.equals(database.toLowerCase(Locale.ROOT))) {
        throw ApiException.badRequest(
            "database",
            "Field 'database' must be \"demo\" (the only bundled database), but was '"
                + database
                + "'");
      }
      session = service.openDemo(owner);
    } else {
      if (!in.has("jdbcUrl")) {
        throw ApiException.badRequest(
            "jdbcUrl", "Field 'jdbcUrl' or 'database' is required; send " + CREATE_EXAMPLE);
      }
      String url = in.requireText("jdbcUrl", "the JDBC URL of your database");
      session =
          service.openJdbc(
              owner,
              url.trim(),
              in.optionalText("username", "the database user"),
              in.optionalText("password", "the database user's password"));
    }
    Tenant tenant = session.tenant();
    List<String> tables =
        tenant
            .cachedSchema()
            .map(s -> s.snapshot().tables().stream().map(Table::qualifiedName).toList())
            .orElse(List.of());
    return HttpResponse.created(
        new Responses.SessionCreated(
            session.id(),
            tenant.dialect().id(),
            session.database(),
            tables,
            session.expiresAt(sessions.ttl()).toString()));
  }

  @Operation(summary = "Describe a session (never its password)")
  @Get("/{id}")
  public Responses.SessionInfo get(HttpRequest<?> request, @PathVariable String id) {
    Session session = sessions.get(id, ApiKeyFilter.owner(request));
    Tenant tenant = session.tenant();
    return new Responses.SessionInfo(
        session.id(),
        tenant.dialect().id(),
        session.database(),
        tenant.key().username(),
        tenant.id(),
        tenant.cachedSchema().map(s -> s.snapshot().tables().size()).orElse(0),
        session.createdAt().toString(),
        session.lastUsed().toString(),
        session.expiresAt(sessions.ttl()).toString());
  }

  @Operation(
      summary = "End a session",
      description = "Answers 204; the pool stays for other sessions on the database.")
  @Delete("/{id}")
  public HttpResponse<Void> delete(HttpRequest<?> request, @PathVariable String id) {
    sessions.delete(id, ApiKeyFilter.owner(request));
    return HttpResponse.noContent();
  }

  @Operation(
      summary = "The database schema",
      description =
          "Tables, columns, types, keys, foreign keys and comments, from a snapshot shared by every session on the"
              + " same database and refreshed after databaseai.schema.ttl; ?refresh=true reads it again now.")
  @Get("/{id}/schema{?refresh}")
  public Responses.SchemaView schema(
      HttpRequest<?> request, @PathVariable String id, @QueryValue @Nullable Boolean refresh) {
    Session session = sessions.get(id, ApiKeyFilter.owner(request));
    Tenant tenant = session.tenant();
    try {
      Tenant.CachedSchema schema =
          tenant.schema(schemaSettings.ttl(), Boolean.TRUE.equals(refresh));
      return new Responses.SchemaView(
          tenant.dialect().id(),
          schema.snapshot().databaseProduct(),
          schema.loadedAt().toString(),
          schema.snapshot().tables());
    } catch (ConnectionsExhaustedException e) {
      throw SessionService.exhausted(e);
    } catch (SQLException e) {
      throw new ApiException(
          HttpStatus.BAD_GATEWAY,
          Map.of(
              "code",
              "SCHEMA_UNREADABLE",
              "message",
              "Could not read the catalog: " + e.getMessage()));
    }
  }

  @Operation(
      summary = "Run SQL",
      description =
          "Runs one read-only statement. 200 with columns, rows, rowCount, truncated, elapsedMs; 422 {\"error\":"
              + " diagnosis} when the database rejects it; 403 with category READ_ONLY_VIOLATION when it would write; 503"
              + " (Retry-After: 1) with category CONNECTION when the database cannot be reached.")
  @Post("/{id}/sql")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public HttpResponse<?> sql(
      HttpRequest<?> request,
      @PathVariable String id,
      @RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = Requests.RunSql.class)))
          @Body
          @Nullable
          byte[] body) {
    Session session = sessions.get(id, ApiKeyFilter.owner(request));
    String sql =
        JsonBody.parse(json, body, SQL_EXAMPLE).requireText("sql", "the SQL statement to run");
    Outcome outcome;
    try {
      outcome = execution.run(session.tenant(), sql);
    } catch (ConnectionsExhaustedException e) {
      throw SessionService.exhausted(e);
    }
    if (outcome instanceof Outcome.Rows rows) {
      meters.counter("databaseai.sql.executions", "outcome", "ok", "category", "NONE").increment();
      return HttpResponse.ok(rows);
    }
    if (outcome instanceof Outcome.Refused refused) {
      meters
          .counter(
              "databaseai.sql.executions",
              "outcome",
              "refused",
              "category",
              ErrorCategory.READ_ONLY_VIOLATION.name())
          .increment();
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("category", ErrorCategory.READ_ONLY_VIOLATION.name());
      error.put("code", "REFUSED");
      error.put("message", refused.reason());
      return HttpResponse.status(HttpStatus.FORBIDDEN).body(Map.of("error", error));
    }
    Outcome.Failed failed = (Outcome.Failed) outcome;
    ErrorCategory category = failed.diagnosis().category();
    meters
        .counter("databaseai.sql.executions", "outcome", "error", "category", category.name())
        .increment();
    Map<String, Object> error = Map.of("error", Responses.diagnosis(failed.diagnosis()));
    return switch (category) {
      case READ_ONLY_VIOLATION, PERMISSION_DENIED ->
          HttpResponse.status(HttpStatus.FORBIDDEN).body(error);
      // the database is down or restarting: nothing is wrong with the SQL, so try again
      case CONNECTION ->
          HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE)
              .header(HttpHeaders.RETRY_AFTER, "1")
              .body(error);
      default -> HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY).body(error);
    };
  }
}
