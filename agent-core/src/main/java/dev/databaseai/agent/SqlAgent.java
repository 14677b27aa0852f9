package dev.databaseai.agent;

import dev.databaseai.agent.analysis.Diagnosis;
import dev.databaseai.agent.analysis.ErrorAnalyzer;
import dev.databaseai.agent.execution.LookupSampler;
import dev.databaseai.agent.execution.QueryExecutor;
import dev.databaseai.agent.execution.ValueHint;
import dev.databaseai.agent.execution.ValueProbe;
import dev.databaseai.agent.guard.GuardDecision;
import dev.databaseai.agent.guard.SqlGuard;
import dev.databaseai.agent.linking.KnownValues;
import dev.databaseai.agent.linking.SchemaContext;
import dev.databaseai.agent.linking.SchemaLinker;
import dev.databaseai.agent.linking.TableScorer;
import dev.databaseai.agent.prompt.Extraction;
import dev.databaseai.agent.prompt.PromptBuilder;
import dev.databaseai.agent.prompt.RetryFeedback;
import dev.databaseai.agent.prompt.SqlExtractor;
import dev.databaseai.dialect.Dialect;
import dev.databaseai.dialect.Dialects;
import dev.databaseai.dialect.GuardSettings;
import dev.databaseai.dialect.JdbcUrls;
import dev.databaseai.dialect.error.ErrorCategory;
import dev.databaseai.dialect.schema.SchemaSnapshot;
import dev.databaseai.dialect.schema.Table;
import dev.databaseai.llm.Capability;
import dev.databaseai.llm.ChatModel;
import dev.databaseai.llm.ChatRequest;
import dev.databaseai.llm.ChatResponse;
import dev.databaseai.llm.ContextLengthExceededException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers questions about one database with SQL: links the question to the relevant part of the
 * cached schema, asks the chat model for one statement, guards and runs it read-only with a row cap
 * and timeout, and repairs it from the {@link ErrorAnalyzer}'s diagnosis when the database rejects
 * it (or when it finds no rows because a text literal does not match the stored values).
 *
 * <p>Build with {@link #builder()}. Thread-safe: one agent serves concurrent questions; each
 * question borrows its own connections from the data source.
 */
public final class SqlAgent {

  private static final Logger LOG = LoggerFactory.getLogger(SqlAgent.class);
  private static final Set<ErrorCategory> SCHEMA_ERRORS =
      Set.of(ErrorCategory.UNDEFINED_TABLE, ErrorCategory.UNDEFINED_COLUMN);

  private final DataSource dataSource;
  private final ChatModel model;
  private final Dialect dialect;
  private final GuardSettings guardSettings;
  private final SessionGuardPolicy guardPolicy;
  private final int maxRetries;
  private final boolean emptyResultHints;
  private final int maxContextTokens;
  private final List<AgentListener> listeners;
  private final SchemaCache schemaCache;
  private final String schemaKey;
  private final SqlGuard guard;
  private final ErrorAnalyzer analyzer;
  private final SchemaLinker linker;
  private final PromptBuilder prompts;
  private final SqlExtractor extractor = new SqlExtractor();
  private final QueryExecutor executor;
  private final ValueProbe valueProbe;
  private final LookupSampler lookupSampler;
  private volatile Lookup lookup;

  /** Lookup-table labels sampled for one schema snapshot. */
  private record Lookup(SchemaSnapshot schema, KnownValues values) {}

  private SqlAgent(Builder b, Dialect dialect, String schemaKey) {
    this.dataSource = b.dataSource;
    this.model = b.chatModel;
    this.dialect = dialect;
    this.guardSettings = b.guardSettings;
    this.guardPolicy = b.guardPolicy;
    this.maxRetries = b.maxRetries;
    this.emptyResultHints = b.emptyResultHints;
    this.maxContextTokens = b.maxContextTokens;
    this.listeners = new CopyOnWriteArrayList<>(b.listeners);
    this.schemaCache = b.schemaCache;
    this.schemaKey = schemaKey;
    this.guard = new SqlGuard(dialect.sessionGuards().deniedFunctions());
    this.analyzer = new ErrorAnalyzer(dialect);
    this.linker = new SchemaLinker(model.tokenCounter(), b.scorers);
    this.prompts =
        new PromptBuilder(dialect, model.capabilities().contains(Capability.STRUCTURED_OUTPUT));
    this.executor = new QueryExecutor(guardSettings);
    this.valueProbe = new ValueProbe(dialect.syntax(), b.valueSampleLimit);
    this.lookupSampler =
        b.lookupRows > 0 ? new LookupSampler(dialect.syntax(), b.lookupRows, 30) : null;
    if (b.schema != null) {
      schemaCache.put(schemaKey, b.schema);
    }
  }

  /** A builder; {@link Builder#dataSource} and {@link Builder#chatModel} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The dialect in use (given, or found from the connection URL). */
  public Dialect dialect() {
    return dialect;
  }

  /** Adds a listener for every later question. */
  public void addListener(AgentListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * The cached schema, introspected on first use.
   *
   * @throws AgentException when the catalog cannot be read
   */
  public SchemaSnapshot schema() {
    try {
      return schemaCache.get(
          schemaKey,
          () -> {
            try (Connection connection = dataSource.getConnection()) {
              return dialect.introspector().introspect(connection);
            }
          });
    } catch (SQLException e) {
      throw new AgentException(
          "Could not read the schema of " + schemaKey + ": " + e.getMessage(), e);
    }
  }

  /** Forgets the cached schema (for every agent sharing the cache key) and reads it again. */
  public void refreshSchema() {
    schemaCache.invalidate(schemaKey);
    schema();
  }

  /** What the model would see of the schema for {@code question}. */
  public ContextPreview context(String question) {
    return preview(linkFirst(question, List.of(), budget()));
  }

  /** Answers {@code question} on its own. See {@link #ask(String, Conversation)}. */
  public AgentAnswer ask(String question) {
    return ask(question, null);
  }

  /**
   * Answers {@code question}, reading it as a follow-up of {@code conversation}'s earlier turns
   * (when not null) and recording the answered turn there.
   *
   * @throws AgentFailedException when no statement ran within the retry budget (with the trace)
   * @throws dev.databaseai.llm.LlmException when the model fails for another reason than the
   *     context length
   * @throws AgentException when the schema cannot be read
   */
  public AgentAnswer ask(String question, Conversation conversation) {
    return ask(question, conversation, AskOptions.DEFAULTS);
  }

  /**
   * As {@link #ask(String, Conversation)}, with per-question {@code options} (retries, a listener
   * for this question's events only).
   */
  public AgentAnswer ask(String question, Conversation conversation, AskOptions options) {
    if (question == null || question.isBlank()) {
      throw new IllegalArgumentException("question must not be blank");
    }
    Objects.requireNonNull(options, "options");
    return new Run(question, conversation, options).answer();
  }

  /**
   * Runs {@code sql} through the guard and then read-only with the row cap and timeout.
   *
   * @return the rows, or the diagnosis of the refusal or the database error; never throws for bad
   *     SQL
   */
  public QueryOutcome execute(String sql) {
    GuardDecision decision = guard.check(sql == null ? "" : sql);
    if (!decision.allowed()) {
      return QueryOutcome.failure(sql == null ? "" : sql, refusal(decision.reason()), true);
    }
    String statement = decision.statement().isBlank() ? sql : decision.statement();
    try (Connection connection = borrow()) {
      try {
        return QueryOutcome.success(statement, executor.run(connection, statement));
      } catch (SQLException e) {
        return QueryOutcome.failure(statement, diagnose(connection, statement, e), false);
      }
    } catch (SQLException e) {
      return QueryOutcome.failure(statement, analyzer.analyze(statement, e, schema()), false);
    }
  }

  private Connection borrow() throws SQLException {
    Connection connection = dataSource.getConnection();
    if (guardPolicy == SessionGuardPolicy.APPLY_ON_BORROW) {
      try {
        dialect.sessionGuards().apply(connection, guardSettings);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
    }
    return connection;
  }

  /**
   * Analyzes a failure; an unknown name first refreshes the tables involved in the cached schema.
   */
  private Diagnosis diagnose(Connection connection, String sql, SQLException error) {
    SchemaSnapshot schema = schema();
    Diagnosis diagnosis = analyzer.analyze(sql, error, schema);
    if (SCHEMA_ERRORS.contains(diagnosis.category())) {
      Set<String> names = new LinkedHashSet<>(diagnosis.tables());
      for (String name : referencedTables(sql)) {
        if (schema.table(name).isEmpty()) {
          names.add(name);
        }
      }
      diagnosis
          .identifier()
          .ifPresent(
              id -> {
                if (diagnosis.category() == ErrorCategory.UNDEFINED_TABLE) {
                  names.add(id.replace("\"", "").replace("`", ""));
                }
              });
      if (!names.isEmpty()) {
        SchemaSnapshot refreshed = refreshTables(connection, names, schema);
        if (refreshed != schema) {
          return analyzer.analyze(sql, error, refreshed);
        }
      }
    }
    return diagnosis;
  }

  private SchemaSnapshot refreshTables(
      Connection connection, Collection<String> names, SchemaSnapshot schema) {
    try {
      SchemaSnapshot fresh = dialect.introspector().introspectTables(connection, names);
      List<String> removed = new ArrayList<>();
      for (String name : names) {
        schema
            .table(name)
            .ifPresent(
                t -> {
                  if (fresh.table(t.qualifiedName()).isEmpty()) {
                    removed.add(t.qualifiedName());
                  }
                });
      }
      boolean changed = !removed.isEmpty();
      for (Table table : fresh.tables()) {
        changed |= !schema.table(table.qualifiedName()).map(table::equals).orElse(false);
      }
      if (!changed) {
        return schema;
      }
      SchemaSnapshot merged = schema.merge(fresh.tables(), removed);
      schemaCache.put(schemaKey, merged);
      LOG.info("Refreshed tables {} of {} after an unknown name", names, schemaKey);
      return merged;
    } catch (SQLException | RuntimeException e) {
      LOG.warn("Could not refresh tables {} of {}: {}", names, schemaKey, e.getMessage());
      return schema;
    }
  }

  /** The table names a statement reads, unquoted, as written (empty when it does not parse). */
  static List<String> referencedTables(String sql) {
    try {
      return net.sf.jsqlparser.util.TablesNamesFinder.findTables(sql).stream()
          .map(n -> n.replace("\"", "").replace("`", ""))
          .toList();
    } catch (net.sf.jsqlparser.JSQLParserException | RuntimeException e) {
      return List.of();
    }
  }

  private int budget() {
    return SchemaLinker.budgetFor(model.contextWindow(), maxContextTokens);
  }

  private SchemaContext linkFirst(String question, Collection<String> mustInclude, int budget) {
    SchemaSnapshot schema = schema();
    return linker.link(question, schema, budget, lookupValues(schema), mustInclude);
  }

  /** The labels of small lookup tables, sampled once per schema snapshot (empty when disabled). */
  private KnownValues lookupValues(SchemaSnapshot schema) {
    if (lookupSampler == null) {
      return KnownValues.NONE;
    }
    Lookup current = lookup;
    if (current != null && current.schema() == schema) {
      return current.values();
    }
    KnownValues values;
    try (Connection connection = borrow()) {
      values = lookupSampler.sample(connection, schema);
    } catch (SQLException e) {
      LOG.warn("Could not sample lookup tables of {}: {}", schemaKey, e.getMessage());
      values = KnownValues.NONE;
    }
    lookup = new Lookup(schema, values);
    return values;
  }

  private static ContextPreview preview(SchemaContext context) {
    return new ContextPreview(
        context.tableNames(), context.tokens(), context.fullSchemaTokens(), context.text());
  }

  private static Diagnosis refusal(String reason) {
    return new Diagnosis(
        ErrorCategory.READ_ONLY_VIOLATION,
        "",
        0,
        "Refused by the SQL guard: " + reason,
        Optional.empty(),
        List.of(),
        "Write one read-only SELECT statement.",
        List.of());
  }

  private static Diagnosis note(ErrorCategory category, String message, String hint) {
    return new Diagnosis(category, "", 0, message, Optional.empty(), List.of(), hint, List.of());
  }

  private void emit(AgentEvent event) {
    for (AgentListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("Agent listener {} failed on {}: {}", listener, event.type(), e.toString());
      }
    }
  }

  /** The state of answering one question. */
  private final class Run {
    private final String question;
    private final Conversation conversation;
    private final List<Conversation.Turn> turns;
    private final long start = System.nanoTime();
    private final List<Attempt> attempts = new ArrayList<>();
    private SchemaContext firstContext;
    private int firstTokens;
    private ChatRequest request;
    private String lastSql;
    private String lastErrorKey;
    private boolean widened;
    private boolean valueHintUsed;
    private Fallback emptyFallback;

    private record Fallback(String sql, QueryResult result) {}

    private final int maxRetries;
    private final Optional<AgentListener> ownListener;

    Run(String question, Conversation conversation, AskOptions options) {
      this.question = question;
      this.conversation = conversation;
      this.turns = conversation == null ? List.of() : conversation.turns();
      this.maxRetries = options.maxRetries().orElse(SqlAgent.this.maxRetries);
      this.ownListener = options.listener();
    }

    private void emit(AgentEvent event) {
      SqlAgent.this.emit(event);
      ownListener.ifPresent(
          listener -> {
            try {
              listener.onEvent(event);
            } catch (RuntimeException e) {
              LOG.warn("Question listener failed on {}: {}", event.type(), e.toString());
            }
          });
    }

    AgentAnswer answer() {
      List<String> earlierTables =
          turns.isEmpty() ? List.of() : turns.get(turns.size() - 1).tables();
      startWith(linkFirst(question, earlierTables, budget()));
      for (int attempt = 1; attempt <= maxRetries + 1; attempt++) {
        boolean last = attempt == maxRetries + 1;
        long t0 = System.nanoTime();
        int promptTokens = tokens(request);
        ChatResponse response;
        try {
          response = model.complete(request);
        } catch (ContextLengthExceededException e) {
          Diagnosis d =
              note(
                  ErrorCategory.OTHER,
                  "The prompt of "
                      + promptTokens
                      + " tokens exceeded the model's context: "
                      + e.getMessage(),
                  "The schema context was shrunk.");
          record(attempt, "", d, promptTokens, t0);
          if (last) {
            break;
          }
          shrink(e, promptTokens, attempt + 1);
          continue;
        }
        Extraction extraction = extractor.extract(response.text());
        if (extraction.sql().isEmpty()) {
          Diagnosis d =
              note(
                  ErrorCategory.SYNTAX_ERROR,
                  "No usable SQL in the model's answer: " + extraction.problem(),
                  "Answer with exactly one SQL statement.");
          record(attempt, "", d, promptTokens, t0);
          if (last) {
            break;
          }
          retry(
              attempt + 1,
              "the answer held no usable SQL",
              response.text(),
              RetryFeedback.unusable(extraction.problem()),
              firstContext.tableNames());
          continue;
        }
        String sql = extraction.sql().get();
        emit(new AgentEvent.SqlProposed(attempt, sql, promptTokens));
        GuardDecision decision = guard.check(sql);
        if (!decision.allowed()) {
          record(attempt, sql, refusal(decision.reason()), promptTokens, t0);
          if (last) {
            break;
          }
          retry(
              attempt + 1,
              "the guard refused the statement",
              sql,
              RetryFeedback.unusable("refused by the SQL guard: " + decision.reason()),
              firstContext.tableNames());
          continue;
        }
        if (!decision.statement().isBlank()) {
          sql = decision.statement();
        }
        emit(new AgentEvent.Executing(attempt, sql));
        try (Connection connection = borrow()) {
          QueryResult result;
          try {
            result = executor.run(connection, sql);
          } catch (SQLException e) {
            Diagnosis d = diagnose(connection, sql, e);
            record(attempt, sql, d, promptTokens, t0);
            if (!last) {
              repair(attempt + 1, sql, d);
            }
            continue;
          }
          if (result.rowCount() == 0 && emptyResultHints && !valueHintUsed && !last) {
            Optional<ValueHint> hint = probe(connection, sql);
            if (hint.isPresent()) {
              valueHintUsed = true;
              emptyFallback = new Fallback(sql, result);
              ValueHint h = hint.get();
              Diagnosis d =
                  new Diagnosis(
                      ErrorCategory.OTHER,
                      "",
                      0,
                      "No rows: "
                          + h.table()
                          + "."
                          + h.column()
                          + " holds no value '"
                          + h.literal()
                          + "'",
                      Optional.of(h.column()),
                      h.nearest(),
                      RetryFeedback.emptyResult(h),
                      List.of(h.table()));
              record(attempt, sql, d, promptTokens, t0);
              retry(
                  attempt + 1,
                  "no rows: the literal '" + h.literal() + "' matches no value of " + h.column(),
                  sql,
                  RetryFeedback.emptyResult(h),
                  h.queryTables());
              continue;
            }
          }
          attempts.add(new Attempt(sql, Optional.empty(), promptTokens, elapsed(t0)));
          return done(sql, result);
        } catch (SQLException e) {
          // the connection could not be borrowed or guarded: not the model's fault, no retry helps
          Diagnosis d = analyzer.analyze(sql, e, schema());
          record(attempt, sql, d, promptTokens, t0);
          throw new AgentFailedException(
              "Could not run the statement on " + schemaKey + ": " + e.getMessage(),
              attempts,
              Optional.of(d));
        }
      }
      if (emptyFallback != null) {
        return done(emptyFallback.sql(), emptyFallback.result());
      }
      Optional<Diagnosis> lastError =
          attempts.isEmpty() ? Optional.empty() : attempts.get(attempts.size() - 1).error();
      throw new AgentFailedException(giveUpMessage(lastError), attempts, lastError);
    }

    private void startWith(SchemaContext context) {
      firstContext = context;
      emit(new AgentEvent.ContextChosen(preview(context)));
      request = prompts.first(question, context.text(), turns);
      firstTokens = tokens(request);
    }

    private AgentAnswer done(String sql, QueryResult result) {
      if (conversation != null) {
        conversation.add(new Conversation.Turn(question, sql, firstContext.tableNames()));
      }
      AgentAnswer answer =
          new AgentAnswer(
              sql, result, attempts, model.providerId(), model.modelName(), elapsed(start));
      emit(new AgentEvent.Answered(answer));
      return answer;
    }

    private void record(int attempt, String sql, Diagnosis diagnosis, int promptTokens, long t0) {
      attempts.add(new Attempt(sql, Optional.of(diagnosis), promptTokens, elapsed(t0)));
      emit(new AgentEvent.Failed(attempt, sql, diagnosis));
    }

    /** A database error: retry with the diagnosis, or widen the context once when it repeats. */
    private void repair(int nextAttempt, String sql, Diagnosis d) {
      String key = d.category() + "|" + d.identifier().orElse("") + "|" + d.message();
      boolean repeated =
          sql.strip().equalsIgnoreCase(lastSql == null ? "" : lastSql.strip())
              || key.equals(lastErrorKey);
      lastSql = sql;
      lastErrorKey = key;
      if (repeated && !widened) {
        widened = true;
        Set<String> include = new LinkedHashSet<>(d.tables());
        include.addAll(suggestedTables(d));
        SchemaContext wide =
            linker.link(
                question,
                schema(),
                Math.max(budget(), firstContext.tokens()) * 2,
                lookupValues(schema()),
                include);
        request =
            prompts.retry(
                question,
                wide.text(),
                turns,
                sql,
                RetryFeedback.of(d, 1200)
                    + "\nThe same mistake came twice: the schema above is wider; check every name against it.");
        emit(
            new AgentEvent.Retrying(
                nextAttempt,
                "the same "
                    + (key.equals(lastErrorKey) ? "error" : "SQL")
                    + " twice: widening the context",
                tokens(request)));
        return;
      }
      Set<String> tables = new LinkedHashSet<>(involvedTables(sql, d));
      int involved = tables.size();
      tables.addAll(suggestedTables(d));
      if (tables.isEmpty()) {
        tables.addAll(firstContext.tableNames());
        involved = tables.size();
      }
      retry(
          nextAttempt,
          "database error " + d.category(),
          sql,
          RetryFeedback.of(d, 1200),
          List.copyOf(tables),
          involved);
    }

    /**
     * A retry request over only {@code tables}, never larger than the first request. To fit, it
     * drops in turn: the dialect's general notes, the tables beyond the first {@code required}
     * (suggested ones), columns of the rest, the earlier turns, and finally shortens the feedback.
     */
    private void retry(
        int nextAttempt, String reason, String failed, String feedback, Collection<String> tables) {
      retry(nextAttempt, reason, failed, feedback, List.copyOf(tables), tables.size());
    }

    private void retry(
        int nextAttempt,
        String reason,
        String failed,
        String feedback,
        List<String> tables,
        int required) {
      SchemaSnapshot schema = schema();
      int schemaBudget = Math.max(firstContext.tokens(), 1);
      SchemaContext context = linker.render(schema, tables, question, schemaBudget);
      boolean notes = true;
      List<Conversation.Turn> kept = turns;
      String text = feedback;
      ChatRequest candidate = prompts.retry(question, context.text(), kept, failed, text, notes);
      for (int round = 0; round < 12 && tokens(candidate) > firstTokens; round++) {
        int over = tokens(candidate) - firstTokens;
        if (notes) {
          notes = false;
        } else if (tables.size() > required && required > 0) {
          tables = tables.subList(0, required);
          context = linker.render(schema, tables, question, schemaBudget);
        } else if (context.tokens() > over + 20) {
          schemaBudget = context.tokens() - over - 1;
          context = linker.render(schema, tables, question, schemaBudget);
        } else if (!kept.isEmpty()) {
          kept = kept.subList(1, kept.size());
        } else if (text.length() > 80) {
          text = text.substring(0, Math.max(80, text.length() - over * 3 - 1)) + "…";
        } else {
          context = new SchemaContext(List.of(), "", 0, context.fullSchemaTokens());
        }
        candidate = prompts.retry(question, context.text(), kept, failed, text, notes);
      }
      request = candidate;
      emit(new AgentEvent.Retrying(nextAttempt, reason, tokens(request)));
    }

    private void shrink(ContextLengthExceededException e, int promptTokens, int nextAttempt) {
      int schemaTokens = firstContext.tokens();
      int target = schemaTokens / 2;
      if (e.limit() > 0 && e.requested() > e.limit()) {
        target = Math.min(target, Math.max(0, schemaTokens - (e.requested() - e.limit()) - 64));
      }
      SchemaContext smaller = linkFirst(question, List.of(), Math.max(1, target));
      startWith(smaller);
      emit(
          new AgentEvent.Retrying(
              nextAttempt,
              "context length exceeded: schema shrunk from "
                  + schemaTokens
                  + " to "
                  + smaller.tokens()
                  + " tokens",
              firstTokens));
    }

    private Optional<ValueHint> probe(Connection connection, String sql) {
      try {
        return valueProbe.probe(connection, sql, schema());
      } catch (SQLException | RuntimeException e) {
        LOG.debug("Value probe failed for {}: {}", sql, e.getMessage());
        return Optional.empty();
      }
    }

    /** The diagnosis' tables, or when it names none, the known tables the statement reads. */
    private List<String> involvedTables(String sql, Diagnosis d) {
      if (!d.tables().isEmpty()) {
        return d.tables();
      }
      SchemaSnapshot schema = schema();
      return referencedTables(sql).stream()
          .map(schema::table)
          .flatMap(Optional::stream)
          .map(Table::qualifiedName)
          .distinct()
          .toList();
    }

    private List<String> suggestedTables(Diagnosis d) {
      SchemaSnapshot schema = schema();
      List<String> tables = new ArrayList<>();
      for (String suggestion : d.suggestions()) {
        String s = suggestion.strip();
        Optional<Table> table = schema.table(s);
        if (table.isEmpty() && s.contains(".")) {
          table = schema.table(s.substring(0, s.lastIndexOf('.')));
        }
        table.map(Table::qualifiedName).filter(n -> !tables.contains(n)).ifPresent(tables::add);
        if (tables.size() >= 3) {
          break;
        }
      }
      return tables;
    }

    private String giveUpMessage(Optional<Diagnosis> lastError) {
      StringBuilder message =
          new StringBuilder("No working SQL after ")
              .append(attempts.size())
              .append(" attempt")
              .append(attempts.size() == 1 ? "" : "s")
              .append(" (maxRetries=")
              .append(maxRetries)
              .append(") for: ")
              .append(question);
      lastSql().ifPresent(sql -> message.append("\nLast statement: ").append(sql));
      lastError.ifPresent(
          d -> {
            message.append("\nLast error (").append(d.category()).append("): ").append(d.message());
            if (!d.suggestions().isEmpty()) {
              message.append("\nSuggestions: ").append(String.join(", ", d.suggestions()));
            }
            if (!d.hint().isBlank()) {
              message.append("\nHint: ").append(d.hint());
            }
          });
      return message.toString();
    }

    private Optional<String> lastSql() {
      for (int i = attempts.size() - 1; i >= 0; i--) {
        if (!attempts.get(i).sql().isEmpty()) {
          return Optional.of(attempts.get(i).sql());
        }
      }
      return Optional.empty();
    }
  }

  private int tokens(ChatRequest request) {
    return model.tokenCounter().count(request.messages());
  }

  private static long elapsed(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Builds a {@link SqlAgent}. Not thread-safe. */
  public static final class Builder {
    private DataSource dataSource;
    private String jdbcUrl;
    private ChatModel chatModel;
    private Dialect dialect;
    private GuardSettings guardSettings = GuardSettings.DEFAULT;
    private SessionGuardPolicy guardPolicy = SessionGuardPolicy.APPLY_ON_BORROW;
    private int maxRetries = 3;
    private boolean emptyResultHints = true;
    private int valueSampleLimit = 500;
    private int maxContextTokens = 4000;
    private int lookupRows = 100;
    private final List<AgentListener> listeners = new ArrayList<>();
    private final List<TableScorer> scorers = new ArrayList<>();
    private SchemaCache schemaCache;
    private String schemaKey;
    private SchemaSnapshot schema;

    private Builder() {}

    /** Where connections come from (required). The agent closes each connection it borrows. */
    public Builder dataSource(DataSource value) {
      this.dataSource = Objects.requireNonNull(value, "dataSource");
      return this;
    }

    /** The database's JDBC URL: finds the dialect without opening a connection. Optional. */
    public Builder jdbcUrl(String value) {
      this.jdbcUrl = value;
      return this;
    }

    /** The chat model (required). */
    public Builder chatModel(ChatModel value) {
      this.chatModel = Objects.requireNonNull(value, "chatModel");
      return this;
    }

    /** The dialect; by default found with {@link Dialects#load()} from the JDBC URL. */
    public Builder dialect(Dialect value) {
      this.dialect = value;
      return this;
    }

    /** Read-only, statement timeout and row cap (default {@link GuardSettings#DEFAULT}). */
    public Builder guardSettings(GuardSettings value) {
      this.guardSettings = Objects.requireNonNull(value, "guardSettings");
      return this;
    }

    /** Who applies the session guards (default {@link SessionGuardPolicy#APPLY_ON_BORROW}). */
    public Builder sessionGuardPolicy(SessionGuardPolicy value) {
      this.guardPolicy = Objects.requireNonNull(value, "sessionGuardPolicy");
      return this;
    }

    /** Retries after the first attempt, 0 to 10 (default 3). */
    public Builder maxRetries(int value) {
      if (value < 0 || value > 10) {
        throw new IllegalArgumentException("maxRetries must be between 0 and 10, was " + value);
      }
      this.maxRetries = value;
      return this;
    }

    /**
     * Whether an empty result filtered by a text literal triggers one retry with the column's
     * closest actual values (default true), reading at most {@code sampleLimit} distinct values.
     */
    public Builder emptyResultHints(boolean enabled, int sampleLimit) {
      if (sampleLimit <= 0) {
        throw new IllegalArgumentException("sampleLimit must be positive, was " + sampleLimit);
      }
      this.emptyResultHints = enabled;
      this.valueSampleLimit = sampleLimit;
      return this;
    }

    /**
     * The most schema tokens per prompt (default 4,000; a quarter of a smaller context window
     * wins).
     */
    public Builder maxContextTokens(int value) {
      if (value < 100) {
        throw new IllegalArgumentException("maxContextTokens must be at least 100, was " + value);
      }
      this.maxContextTokens = value;
      return this;
    }

    /**
     * Lookup tables with at most {@code maxRows} rows (narrow tables with a name/label/code column)
     * have their labels read once per schema so questions naming a value find the table; {@code 0}
     * turns this off. Default 100.
     */
    public Builder lookupValues(int maxRows) {
      if (maxRows < 0) {
        throw new IllegalArgumentException("maxRows must not be negative, was " + maxRows);
      }
      this.lookupRows = maxRows;
      return this;
    }

    /** Sees each step (may be called several times). */
    public Builder listener(AgentListener value) {
      listeners.add(Objects.requireNonNull(value, "listener"));
      return this;
    }

    /** An extra relevance opinion for schema linking (may be called several times). */
    public Builder tableScorer(TableScorer value) {
      scorers.add(Objects.requireNonNull(value, "tableScorer"));
      return this;
    }

    /**
     * Shares schema snapshots with other agents under {@code key} (the database's identity, e.g.
     * dialect + URL + user). Default: a cache of this agent's own.
     */
    public Builder schemaCache(SchemaCache cache, String key) {
      this.schemaCache = Objects.requireNonNull(cache, "schemaCache");
      this.schemaKey = Objects.requireNonNull(key, "key");
      return this;
    }

    /** A schema to use instead of introspecting (it still refreshes after unknown names). */
    public Builder schema(SchemaSnapshot value) {
      this.schema = value;
      return this;
    }

    /**
     * The agent. Opens one connection when neither a dialect nor a JDBC URL was given, to read the
     * URL.
     *
     * @throws IllegalStateException when a required part is missing
     * @throws dev.databaseai.dialect.NoSuchPluginException when no dialect serves the URL
     * @throws AgentException when the connection for the URL cannot be opened
     */
    public SqlAgent build() {
      if (dataSource == null) {
        throw new IllegalStateException(
            "SqlAgent needs a dataSource: call builder().dataSource(ds)");
      }
      if (chatModel == null) {
        throw new IllegalStateException(
            "SqlAgent needs a chatModel: call builder().chatModel(model), e.g. from LlmProviders.load()");
      }
      String url = jdbcUrl;
      if (url == null && (dialect == null || schemaKey == null)) {
        try (Connection connection = dataSource.getConnection()) {
          url = connection.getMetaData().getURL();
          if (dialect == null && url == null) {
            dialect =
                Dialects.load().forProductName(connection.getMetaData().getDatabaseProductName());
          }
        } catch (SQLException e) {
          throw new AgentException(
              "Could not open a connection to find the dialect: "
                  + e.getMessage()
                  + ". Pass .dialect(...) or .jdbcUrl(...) to avoid this.",
              e);
        }
      }
      Dialect resolved = dialect != null ? dialect : Dialects.load().forJdbcUrl(url);
      String key =
          schemaKey != null
              ? schemaKey
              : resolved.id() + ":" + JdbcUrls.redact(url).toLowerCase(Locale.ROOT);
      if (schemaCache == null) {
        schemaCache = SchemaCache.inMemory();
      }
      return new SqlAgent(this, resolved, key);
    }
  }
}
