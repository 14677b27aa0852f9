package dev.databaseai.llm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The LLM providers on the class path, built once and immutable afterwards. Selection by id, or
 * {@code auto}: the highest-priority provider that {@linkplain LlmProvider#isConfigured is
 * configured}. A duplicate id or a tie is an error naming the candidates. Thread-safe.
 */
public final class LlmProviders {

  /** The selection value that picks whichever provider is configured. */
  public static final String AUTO = "auto";

  private static final String HOW_TO_ADD =
      "To add one, put a jar with a "
          + LlmProvider.class.getName()
          + " implementation and a META-INF/services/"
          + LlmProvider.class.getName()
          + " entry on the class path.";

  private final Map<String, LlmProvider> byId;

  private LlmProviders(List<LlmProvider> providers) {
    Map<String, LlmProvider> map = new LinkedHashMap<>();
    for (LlmProvider provider : providers) {
      LlmProvider previous = map.putIfAbsent(provider.id(), provider);
      if (previous != null) {
        throw new IllegalStateException(
            "Duplicate LLM provider id '"
                + provider.id()
                + "': "
                + previous.getClass().getName()
                + " and "
                + provider.getClass().getName()
                + ". Remove one of the jars or give one a different id.");
      }
    }
    this.byId = Map.copyOf(map);
  }

  /**
   * The providers registered through {@link ServiceLoader} on the thread's context class loader.
   */
  public static LlmProviders load() {
    return load(Thread.currentThread().getContextClassLoader());
  }

  /** The providers registered through {@link ServiceLoader} on {@code classLoader}. */
  public static LlmProviders load(ClassLoader classLoader) {
    List<LlmProvider> found = new ArrayList<>();
    ServiceLoader.load(LlmProvider.class, classLoader).forEach(found::add);
    return new LlmProviders(found);
  }

  /** A registry of exactly these providers. */
  public static LlmProviders of(List<? extends LlmProvider> providers) {
    return new LlmProviders(List.copyOf(providers));
  }

  /** Every registered provider, sorted by id. */
  public List<LlmProvider> all() {
    return byId.values().stream().sorted(Comparator.comparing(LlmProvider::id)).toList();
  }

  /** The provider with this id, if registered. */
  public Optional<LlmProvider> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The provider with this id.
   *
   * @throws IllegalArgumentException naming the available ids and how to add a plugin
   */
  public LlmProvider byId(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "No LLM provider with id '"
                        + id
                        + "'. Available providers: "
                        + ids()
                        + ". "
                        + HOW_TO_ADD));
  }

  /**
   * The provider for {@code selection}: an id, or {@link #AUTO} for the highest-priority provider
   * whose settings are present in {@code config}.
   *
   * @return empty when {@code auto} finds nothing configured
   * @throws IllegalArgumentException when the id is unknown
   * @throws IllegalStateException when configured providers tie on priority
   */
  public Optional<LlmProvider> select(String selection, LlmConfig config) {
    if (!AUTO.equalsIgnoreCase(selection)) {
      return Optional.of(byId(selection));
    }
    List<LlmProvider> configured =
        all().stream()
            .filter(p -> p.isConfigured(config))
            .sorted(Comparator.comparingInt(LlmProvider::priority).reversed())
            .toList();
    if (configured.isEmpty()) {
      return Optional.empty();
    }
    LlmProvider top = configured.get(0);
    List<String> tied =
        configured.stream()
            .filter(p -> p.priority() == top.priority())
            .map(LlmProvider::id)
            .toList();
    if (tied.size() > 1) {
      throw new IllegalStateException(
          "LLM providers "
              + tied
              + " are all configured with priority "
              + top.priority()
              + ". Set DATABASEAI_LLM_PROVIDER to one of them.");
    }
    return Optional.of(top);
  }

  private String ids() {
    return byId.keySet().stream().sorted().collect(Collectors.joining(", ", "[", "]"));
  }
}
