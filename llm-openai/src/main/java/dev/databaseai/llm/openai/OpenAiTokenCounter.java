package dev.databaseai.llm.openai;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import dev.databaseai.llm.TokenCounter;
import java.util.Locale;
import java.util.Optional;

/**
 * Exact token counts for OpenAI models with jtokkit's BPE tables: {@code o200k_base} for the
 * GPT-4o, GPT-4.1, GPT-5 and o-series families, {@code cl100k_base} for GPT-4, GPT-3.5 and the
 * embedding models. Special-token text such as {@code <|endoftext|>} is counted as ordinary text.
 * Thread-safe.
 */
public final class OpenAiTokenCounter implements TokenCounter {

  // built once: loading the BPE ranks takes a moment and the registry is thread-safe
  private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

  private final EncodingType type;
  // loading a BPE table takes seconds: done on the first count, not when a model is created
  private volatile Encoding encoding;

  private OpenAiTokenCounter(EncodingType type) {
    this.type = type;
  }

  /**
   * The exact counter for {@code model}, or empty when its tokenizer is not known (then use {@link
   * TokenCounter#approximate()}).
   */
  public static Optional<OpenAiTokenCounter> forModel(String model) {
    return encodingFor(model).map(OpenAiTokenCounter::new);
  }

  /**
   * The BPE table {@code model} uses, when known; dated and fine-tuned names match their family.
   */
  static Optional<EncodingType> encodingFor(String model) {
    String m = model.toLowerCase(Locale.ROOT);
    if (m.startsWith("ft:")) {
      m = m.substring(3);
    }
    if (m.startsWith("gpt-4o")
        || m.startsWith("gpt-4.1")
        || m.startsWith("gpt-4.5")
        || m.startsWith("gpt-5")
        || m.startsWith("chatgpt-4o")
        || m.startsWith("gpt-oss")
        || m.matches("o[1-9](-.*)?")) {
      return Optional.of(EncodingType.O200K_BASE);
    }
    if (m.startsWith("gpt-4")
        || m.startsWith("gpt-3.5")
        || m.startsWith("gpt-35")
        || m.startsWith("text-embedding-")) {
      return Optional.of(EncodingType.CL100K_BASE);
    }
    return Optional.empty();
  }

  /** The encoding's name, e.g. {@code o200k_base}. */
  public String encodingName() {
    return type.getName();
  }

  @Override
  public int count(String text) {
    return text.isEmpty() ? 0 : encoding().countTokensOrdinary(text);
  }

  @Override
  public String toString() {
    return "OpenAiTokenCounter[" + type.getName() + "]";
  }

  private Encoding encoding() {
    Encoding loaded = encoding;
    if (loaded == null) {
      loaded = REGISTRY.getEncoding(type);
      encoding = loaded;
    }
    return loaded;
  }
}
