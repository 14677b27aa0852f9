package dev.databaseai.server.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where the CLI's commands run: the embeddable agent on a JDBC URL, or a DatabaseAI server over its
 * v1 HTTP API. One backend serves one database. Not thread-safe.
 */
public interface Backend extends AutoCloseable {

  /** The dialect id of the database, e.g. {@code postgres} or {@code mysql}. */
  String dialect();

  /**
   * Runs one statement through the SQL guard.
   *
   * @return the rows or the diagnosis; a refused or failing statement is not an exception
   * @throws CliException when the database or server cannot be reached
   */
  SqlOutcome sql(String sql);

  /**
   * The schema as JSON: {@code {"databaseProduct", "tables": [{"schema","name","kind","columns":
   * [{"name","type","nullable","comment"}],"primaryKey","foreignKeys","comment"}]}}.
   *
   * @throws CliException when the schema cannot be read
   */
  JsonNode schema();

  /**
   * Asks the agent a question; {@code progress} hears each step while the model works.
   *
   * @throws CliException when no model is configured or reachable
   */
  AskOutcome ask(String question, Progress progress);

  /**
   * Starts a new conversation, so that the next question is not read as a follow-up of earlier ones
   * (an evaluation asks independent questions). The default does nothing: {@link #ask} keeps no
   * conversation unless a backend says otherwise.
   */
  default void newConversation() {}

  /** Releases the session or connection; never throws. */
  @Override
  void close();
}
