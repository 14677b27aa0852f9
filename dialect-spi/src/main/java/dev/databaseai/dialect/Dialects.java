package dev.databaseai.dialect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The dialects on the class path, built once and immutable afterwards. An explicit id beats
 * matching; among dialects that match, the highest {@link Dialect#priority()} wins; a duplicate id
 * or a tie at the top is an error naming the candidates. Thread-safe.
 */
public final class Dialects {

  private static final String HOW_TO_ADD =
      "To add one, put a jar with a "
          + Dialect.class.getName()
          + " implementation and a META-INF/services/"
          + Dialect.class.getName()
          + " entry on the class path.";

  private final Map<String, Dialect> byId;

  private Dialects(List<Dialect> dialects) {
    Map<String, Dialect> map = new LinkedHashMap<>();
    for (Dialect dialect : dialects) {
      Dialect previous = map.putIfAbsent(dialect.id(), dialect);
      if (previous != null) {
        throw new PluginConflictException(
            "Duplicate dialect id '"
                + dialect.id()
                + "': "
                + previous.getClass().getName()
                + " and "
                + dialect.getClass().getName()
                + ". Remove one of the jars or give one a different id.");
      }
    }
    this.byId = Map.copyOf(map);
  }

  /** The dialects registered through {@link ServiceLoader} on the thread's context class loader. */
  public static Dialects load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  /** The dialects registered through {@link ServiceLoader} on {@code classLoader}. */
  public static Dialects load(ClassLoader classLoader) {
    List<Dialect> found = new ArrayList<>();
    ServiceLoader.load(Dialect.class, classLoader).forEach(found::add);
    return new Dialects(found);
  }

  /** A registry of exactly these dialects (for tests and embedders who wire plugins by hand). */
  public static Dialects of(List<? extends Dialect> dialects) {
    return new Dialects(List.copyOf(dialects));
  }

  /** Every registered dialect, sorted by id. */
  public List<Dialect> all() {
    return byId.values().stream().sorted(Comparator.comparing(Dialect::id)).toList();
  }

  /** The dialect with this id, if registered. */
  public Optional<Dialect> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The dialect with this id.
   *
   * @throws NoSuchPluginException naming the available ids and how to add a plugin
   */
  public Dialect byId(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new NoSuchPluginException(
                    "No dialect with id '"
                        + id
                        + "'. Available dialects: "
                        + ids()
                        + ". "
                        + HOW_TO_ADD));
  }

  /**
   * The dialect for a JDBC URL: the highest-priority dialect that accepts it.
   *
   * @throws NoSuchPluginException when none accepts it
   * @throws PluginConflictException when two share the highest priority
   */
  public Dialect forJdbcUrl(String jdbcUrl) {
    String shown = JdbcUrls.redact(jdbcUrl);
    return best(d -> d.acceptsJdbcUrl(jdbcUrl), "JDBC URL '" + shown + "'");
  }

  /**
   * The dialect for a database product name as reported by {@link
   * java.sql.DatabaseMetaData#getDatabaseProductName()}.
   *
   * @throws NoSuchPluginException when none accepts it
   * @throws PluginConflictException when two share the highest priority
   */
  public Dialect forProductName(String productName) {
    return best(d -> d.acceptsProductName(productName), "database product '" + productName + "'");
  }

  /**
   * The dialect chosen by {@code explicitId} when present, else by {@code jdbcUrl}.
   *
   * @throws NoSuchPluginException when the id is unknown or nothing accepts the URL
   * @throws PluginConflictException when two dialects tie for the URL
   */
  public Dialect resolve(String jdbcUrl, Optional<String> explicitId) {
    return explicitId.map(this::byId).orElseGet(() -> forJdbcUrl(jdbcUrl));
  }

  private Dialect best(Predicate<Dialect> accepts, String what) {
    List<Dialect> candidates =
        all().stream()
            .filter(accepts)
            .sorted(Comparator.comparingInt(Dialect::priority).reversed())
            .toList();
    if (candidates.isEmpty()) {
      throw new NoSuchPluginException(
          "No dialect accepts " + what + ". Available dialects: " + ids() + ". " + HOW_TO_ADD);
    }
    Dialect top = candidates.get(0);
    List<String> tied =
        candidates.stream().filter(d -> d.priority() == top.priority()).map(Dialect::id).toList();
    if (tied.size() > 1) {
      throw new PluginConflictException(
          "Dialects "
              + tied
              + " all accept "
              + what
              + " with priority "
              + top.priority()
              + ". Give one a higher priority or choose one by id.");
    }
    return top;
  }

  private String ids() {
    return byId.keySet().stream().sorted().collect(Collectors.joining(", ", "[", "]"));
  }
}
