package dev.databaseai.server.cli;

/** Receives human-readable steps of long work (written to stderr, never to stdout). */
@FunctionalInterface
public interface Progress {

  /** A progress that drops every step. */
  Progress NONE = step -> {};

  /** One step, e.g. {@code attempt 1 failed: UNDEFINED_COLUMN … retrying}. */
  void step(String text);
}
