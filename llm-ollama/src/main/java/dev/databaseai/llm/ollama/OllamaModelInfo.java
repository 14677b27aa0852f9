package dev.databaseai.llm.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code POST /api/show} says about a model's context: the length it was trained for ({@code
 * model_info["<architecture>.context_length"]}) and the {@code num_ctx} its Modelfile sets ({@code
 * parameters}), each when present.
 *
 * @param trainedContextLength the model's maximum context in tokens
 * @param modelfileNumCtx the context window the model's Modelfile asks for
 */
record OllamaModelInfo(OptionalInt trainedContextLength, OptionalInt modelfileNumCtx) {

  /** The context window requested when neither the setting nor the Modelfile names one. */
  static final int DEFAULT_NUM_CTX = 8192;

  /**
   * Ollama's own default {@code num_ctx} (Modelfile documentation), assumed when the server does
   * not say how long the model's context is.
   */
  static final int OLLAMA_DEFAULT_NUM_CTX = 2048;

  private static final Pattern NUM_CTX = Pattern.compile("(?m)^\\s*num_ctx\\s+(\\d+)\\s*$");

  /** Reads an {@code /api/show} answer ("Show Model Information" in Ollama's API docs). */
  static OllamaModelInfo of(JsonNode show) {
    JsonNode info = show.path("model_info");
    OptionalInt trained = OptionalInt.empty();
    String architecture = info.path("general.architecture").asText("");
    JsonNode direct = info.path(architecture + ".context_length");
    if (!architecture.isEmpty() && direct.canConvertToInt() && direct.asInt() > 0) {
      trained = OptionalInt.of(direct.asInt());
    } else {
      for (Iterator<Map.Entry<String, JsonNode>> it = info.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (field.getKey().endsWith(".context_length")
            && field.getValue().canConvertToInt()
            && field.getValue().asInt() > 0) {
          trained = OptionalInt.of(field.getValue().asInt());
          break;
        }
      }
    }
    OptionalInt numCtx = OptionalInt.empty();
    Matcher m = NUM_CTX.matcher(show.path("parameters").asText(""));
    if (m.find()) {
      try {
        numCtx = OptionalInt.of(Integer.parseInt(m.group(1)));
      } catch (NumberFormatException tooLarge) {
        // ignored: an absurd value is as good as none
      }
    }
    return new OllamaModelInfo(trained, numCtx);
  }

  /**
   * The {@code num_ctx} to send: the configured value; else the Modelfile's; else the trained
   * length capped at {@value #DEFAULT_NUM_CTX} (the KV cache grows with it, and laptops are small);
   * else Ollama's documented default of {@value #OLLAMA_DEFAULT_NUM_CTX}.
   */
  int numCtx(OptionalInt configured) {
    if (configured.isPresent()) {
      return configured.getAsInt();
    }
    if (modelfileNumCtx.isPresent()) {
      return modelfileNumCtx.getAsInt();
    }
    if (trainedContextLength.isPresent()) {
      return Math.min(trainedContextLength.getAsInt(), DEFAULT_NUM_CTX);
    }
    return OLLAMA_DEFAULT_NUM_CTX;
  }
}
