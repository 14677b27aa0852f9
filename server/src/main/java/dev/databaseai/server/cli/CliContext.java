package dev.databaseai.server.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * What a command needs from its surroundings: where to print, the environment, and whether colour
 * is wanted. Tests build one with their own streams and environment.
 *
 * @param out results (tables or JSON) only
 * @param err progress, warnings and error sentences
 * @param env the environment variables (DATABASEAI_PASSWORD, OPENAI_API_KEY…)
 * @param terminal whether stdout is an interactive terminal (colour is used only then)
 */
public record CliContext(
    PrintStream out, PrintStream err, Map<String, String> env, boolean terminal) {

  public CliContext {
    env = Map.copyOf(env);
  }

  /** The real process: System.out/err, the environment, colour when a console is attached. */
  public static CliContext system() {
    Map<String, String> env = System.getenv();
    boolean terminal =
        System.console() != null && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
    return new CliContext(System.out, System.err, env, terminal);
  }

  /** An environment variable, if set and not blank. */
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }

  /** {@code text} in {@code colour} when writing to a terminal. */
  String paint(String colour, String text) {
    return terminal ? colour + text + Ansi.RESET : text;
  }
}
