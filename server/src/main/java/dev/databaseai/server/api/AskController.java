package dev.databaseai.server.api;

import dev.databaseai.agent.AgentAnswer;
import dev.databaseai.agent.AgentEvent;
import dev.databaseai.agent.AgentException;
import dev.databaseai.agent.AgentFailedException;
import dev.databaseai.agent.Attempt;
import dev.databaseai.agent.ContextPreview;
import dev.databaseai.llm.LlmException;
import dev.databaseai.server.ask.AskService;
import dev.databaseai.server.config.QuerySettings;
import dev.databaseai.server.query.Outcome;
import dev.databaseai.server.session.Session;
import dev.databaseai.server.session.Sessions;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Questions in plain language, answered by the agent: {@code /ask} (JSON or SSE) and {@code
 * /context}.
 */
@Controller("/api/v1/sessions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "questions")
public final class AskController {

  private static final Logger LOG = LoggerFactory.getLogger(AskController.class);
  private static final String ASK_EXAMPLE =
      "{\"question\":\"Which devices are offline?\",\"maxRetries\":3}";
  private static final String CONTEXT_EXAMPLE = "{\"question\":\"Which devices are offline?\"}";

  private final Sessions sessions;
  private final AskService asking;
  private final QuerySettings query;
  private final JsonMapper json;
  private final ExecutorService blocking;

  public AskController(
      Sessions sessions,
      AskService asking,
      QuerySettings query,
      JsonMapper json,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.sessions = sessions;
    this.asking = asking;
    this.query = query;
    this.json = json;
    this.blocking = blocking;
  }

  @Operation(
      summary = "Ask a question",
      description =
          "200 {sql, result, attempts, provider, model, elapsedMs}. With 'Accept: text/event-stream' the steps stream"
              + " as server-sent events named context, sql, executing, error, retry, result (or failed). 503 when no"
              + " LLM is configured, naming what to set; 422 when no statement worked within maxRetries.")
  @Post("/{id}/ask")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
  public HttpResponse<?> ask(
      HttpRequest<?> request,
      @PathVariable String id,
      @RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = Requests.Ask.class)))
          @Body
          @Nullable
          byte[] body) {
    Session session = sessions.get(id, ApiKeyFilter.owner(request));
    JsonBody in = JsonBody.parse(json, body, ASK_EXAMPLE);
    String question = in.requireText("question", "the question in plain language");
    int maxRetries =
        in.optionalInt("maxRetries", 0, 10, "repair attempts after a failed query")
            .orElse(query.maxRetries());
    asking.requireModel();
    String accept = request.getHeaders().get(HttpHeaders.ACCEPT);
    if (accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM)) {
      return HttpResponse.ok(stream(session, question, maxRetries))
          .contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
    }
    try {
      return HttpResponse.ok(answer(asking.ask(session, question, maxRetries, event -> {})));
    } catch (AgentFailedException e) {
      throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, failure(e));
    } catch (LlmException e) {
      throw llmFailure(e);
    } catch (AgentException e) {
      throw new ApiException(HttpStatus.BAD_GATEWAY, "AGENT_ERROR", e.getMessage());
    }
  }

  private Flux<Event<Map<String, Object>>> stream(
      Session session, String question, int maxRetries) {
    return Flux.create(
        sink ->
            blocking.execute(
                PropagatedContext.wrapCurrent(
                    () -> {
                      try {
                        asking.ask(session, question, maxRetries, event -> emit(sink, event));
                      } catch (AgentFailedException e) {
                        sink.next(
                            Event.of(Map.<String, Object>of("error", failure(e))).name("failed"));
                      } catch (LlmException e) {
                        sink.next(
                            Event.of(Map.<String, Object>of("error", llmFailure(e).error()))
                                .name("failed"));
                      } catch (RuntimeException e) {
                        LOG.warn("Question failed: {}", e.toString());
                        sink.next(
                            Event.of(
                                    Map.<String, Object>of(
                                        "error",
                                        Map.of(
                                            "code",
                                            "AGENT_ERROR",
                                            "message",
                                            String.valueOf(e.getMessage()))))
                                .name("failed"));
                      } finally {
                        sink.complete();
                      }
                    })),
        FluxSink.OverflowStrategy.BUFFER);
  }

  private static void emit(FluxSink<Event<Map<String, Object>>> sink, AgentEvent event) {
    sink.next(Event.of(payload(event)).name(event.type()));
  }

  /** The JSON of one agent step, as the SSE event's data. */
  static Map<String, Object> payload(AgentEvent event) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (event instanceof AgentEvent.ContextChosen e) {
      data.putAll(context(e.context()));
      data.remove("text");
    } else if (event instanceof AgentEvent.SqlProposed e) {
      data.put("attempt", e.attempt());
      data.put("sql", e.sql());
      data.put("promptTokens", e.promptTokens());
    } else if (event instanceof AgentEvent.Executing e) {
      data.put("attempt", e.attempt());
      data.put("sql", e.sql());
    } else if (event instanceof AgentEvent.Failed e) {
      data.put("attempt", e.attempt());
      data.put("sql", e.sql());
      data.put("error", Responses.diagnosis(e.diagnosis()));
    } else if (event instanceof AgentEvent.Retrying e) {
      data.put("attempt", e.nextAttempt());
      data.put("reason", e.reason());
      data.put("promptTokens", e.promptTokens());
    } else if (event instanceof AgentEvent.Answered e) {
      data.putAll(answer(e.answer()));
    }
    return data;
  }

  @Operation(
      summary = "Preview the schema context",
      description =
          "What the model would see for a question: {tables, tokens, fullSchemaTokens, text}. Works without an LLM.")
  @Post("/{id}/context")
  @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
  public Map<String, Object> context(
      HttpRequest<?> request,
      @PathVariable String id,
      @RequestBody(
              content =
                  @Content(
                      mediaType = MediaType.APPLICATION_JSON,
                      schema = @Schema(implementation = Requests.Context.class)))
          @Body
          @Nullable
          byte[] body) {
    Session session = sessions.get(id, ApiKeyFilter.owner(request));
    String question =
        JsonBody.parse(json, body, CONTEXT_EXAMPLE)
            .requireText("question", "the question in plain language");
    try {
      return context(asking.context(session, question));
    } catch (AgentException e) {
      throw new ApiException(HttpStatus.BAD_GATEWAY, "AGENT_ERROR", e.getMessage());
    }
  }

  private static Map<String, Object> context(ContextPreview preview) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("tables", preview.tables());
    data.put("tokens", preview.tokens());
    data.put("fullSchemaTokens", preview.fullSchemaTokens());
    data.put("text", preview.text());
    return data;
  }

  /** The 200 body of {@code /ask}. */
  static Map<String, Object> answer(AgentAnswer answer) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("sql", answer.sql());
    body.put("result", Outcome.Rows.of(answer.result()));
    body.put("attempts", attempts(answer.attempts()));
    body.put("provider", answer.provider());
    body.put("model", answer.model());
    body.put("elapsedMs", answer.elapsedMs());
    return body;
  }

  private static List<Map<String, Object>> attempts(List<Attempt> attempts) {
    List<Map<String, Object>> list = new ArrayList<>(attempts.size());
    for (Attempt attempt : attempts) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("sql", attempt.sql());
      attempt.error().ifPresent(d -> a.put("error", Responses.diagnosis(d)));
      a.put("promptTokens", attempt.promptTokens());
      a.put("elapsedMs", attempt.elapsedMs());
      list.add(a);
    }
    return list;
  }

  private static Map<String, Object> failure(AgentFailedException e) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", "NO_WORKING_SQL");
    error.put("message", e.getMessage());
    e.lastError().ifPresent(d -> error.put("category", d.category().name()));
    e.lastError().ifPresent(d -> error.put("diagnosis", Responses.diagnosis(d)));
    error.put("attempts", attempts(e.attempts()));
    return error;
  }

  private static ApiException llmFailure(LlmException e) {
    return new ApiException(
        e.isRetriable() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY,
        Map.of(
            "code",
            "LLM_ERROR",
            "message",
            "The language model failed: " + e.getMessage(),
            "retriable",
            e.isRetriable()));
  }
}
