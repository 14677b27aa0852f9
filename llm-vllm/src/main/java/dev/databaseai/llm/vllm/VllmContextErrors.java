package dev.databaseai.llm.vllm;

import dev.databaseai.llm.LlmException;
import dev.databaseai.llm.openai.ContextLengthErrors;
import dev.databaseai.llm.openai.OpenAiClient;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns vLLM's HTTP 400 context-overflow messages into {@link
 * dev.databaseai.llm.ContextLengthExceededException} with the limit and the requested size, so the
 * agent can shrink its prompt. vLLM has reworded this message across releases; each wording below
 * is the one its OpenAI-compatible server returned. Stateless.
 */
public final class VllmContextErrors {

  /**
   * The model's limit and the tokens the request needed ({@code -1} when the server did not say).
   */
  record Overflow(int limit, int requested) {}

  private record Wording(Pattern pattern, Function<Matcher, Overflow> numbers) {}

  private static final List<Wording> WORDINGS =
      List.of(
          // vLLM <= 0.10: "This model's maximum context length is 4096 tokens. However, you
          // requested 4600
          // tokens (4000 in the messages, 600 in the completion). Please reduce the length of the
          // messages
          // or completion."
          wording(
              "maximum context length is (\\d+) tokens\\. However, you requested (\\d+) tokens \\(",
              m -> new Overflow(n(m, 1), n(m, 2))),
          // vLLM <= 0.10, prompt alone too long: "… However, you requested 5000 tokens in the
          // messages, …"
          wording(
              "maximum context length is (\\d+) tokens\\. However, you requested (\\d+) tokens in the (?:messages|input)",
              m -> new Overflow(n(m, 1), n(m, 2))),
          // vLLM 0.11-0.15: "'max_tokens' or 'max_completion_tokens' is too large: 8000. This
          // model's
          // maximum context length is 4096 tokens and your request has 2778 input tokens (8000 >
          // 4096 - 2778)."
          wording(
              "is too large: (\\d+)\\. This model's maximum context length is (\\d+) tokens and your request has (\\d+) input tokens",
              m -> new Overflow(n(m, 2), n(m, 1) + n(m, 3))),
          // vLLM 0.11-0.15, prompt alone: "This model's maximum context length is 32768 tokens.
          // However, your
          // request has 40000 input tokens. Please reduce the length of the input messages."
          wording(
              "maximum context length is (\\d+) tokens\\. However, your request has (\\d+) input tokens",
              m -> new Overflow(n(m, 1), n(m, 2))),
          // vLLM 0.16-0.17: "You passed 30721 input tokens and requested 2048 output tokens.
          // However, the
          // model's context length is only 32768 tokens, resulting in a maximum input length of
          // 30720 tokens."
          wording(
              "You passed (\\d+) input tokens and requested (\\d+) output tokens\\. However, the model's context length is only (\\d+) tokens",
              m -> new Overflow(n(m, 3), n(m, 1) + n(m, 2))),
          // vLLM 0.16-0.17 before tokenizing: "You passed 120000 input characters and requested
          // 1024 output
          // tokens. However, the model's context length is only 32768 tokens …" (characters, not
          // tokens)
          wording(
              "You passed \\d+ input characters(?: and requested \\d+ output tokens)?\\. However, the model's context length is only (\\d+) tokens",
              m -> new Overflow(n(m, 1), -1)),
          // vLLM >= 0.18: "This model's maximum context length is 32768 tokens. However, you
          // requested 8192
          // output tokens and your prompt contains at least 24577 input tokens, for a total of at
          // least 32769
          // tokens. Please reduce the length of the input prompt or the number of requested output
          // tokens."
          wording(
              "maximum context length is (\\d+) tokens\\. However, you requested (\\d+) output tokens and your prompt contains (?:at least )?(\\d+) input tokens",
              m -> new Overflow(n(m, 1), n(m, 2) + n(m, 3))),
          // vLLM >= 0.18 before tokenizing: "… you requested 1024 output tokens and your prompt
          // contains
          // 120000 characters (more than …)"
          wording(
              "maximum context length is (\\d+) tokens\\. However, you requested \\d+ output tokens and your prompt contains \\d+ characters",
              m -> new Overflow(n(m, 1), -1)),
          // "max_tokens=40000 cannot be greater than max_model_len=32768"
          wording(
              "max_(?:completion_)?tokens=(\\d+) cannot be greater than max_model_len=(\\d+)",
              m -> new Overflow(n(m, 2), n(m, 1))),
          // the engine's own check: "The decoder prompt (length 5000) is longer than the maximum
          // model length of 4096."
          wording(
              "The (?:decoder )?prompt \\(length (\\d+)\\) (?:plus the number of requested output tokens \\(at least 1\\) )?is longer than the maximum model length of (\\d+)",
              m -> new Overflow(n(m, 2), n(m, 1))),
          // any other wording that still names the limit
          wording("maximum context length is (\\d+) tokens", m -> new Overflow(n(m, 1), -1)));

  private VllmContextErrors() {}

  /**
   * The error hook for {@link OpenAiClient.Builder#errorHook}: refines HTTP 400 context overflows.
   */
  public static OpenAiClient.ErrorHook hook() {
    return (mapped, status, message) -> status == 400 ? refine(mapped, message) : mapped;
  }

  private static LlmException refine(LlmException mapped, String message) {
    return parse(message)
        .map(o -> ContextLengthErrors.withNumbers(mapped, o.limit(), o.requested()))
        .orElse(mapped);
  }

  /** The numbers in a vLLM overflow message, when it is one. */
  static Optional<Overflow> parse(String message) {
    if (message == null) {
      return Optional.empty();
    }
    for (Wording wording : WORDINGS) {
      Matcher matcher = wording.pattern().matcher(message);
      if (matcher.find()) {
        return Optional.of(wording.numbers().apply(matcher));
      }
    }
    return Optional.empty();
  }

  private static Wording wording(String regex, Function<Matcher, Overflow> numbers) {
    return new Wording(Pattern.compile(regex), numbers);
  }

  private static int n(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }
}
