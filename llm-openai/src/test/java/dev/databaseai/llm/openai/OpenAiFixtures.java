package dev.databaseai.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.databaseai.llm.FinishReason;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;

/**
 * Answers in the wire format of OpenAI's API reference. Each template is a copy of the documented
 * example with only the values substituted.
 */
final class OpenAiFixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private OpenAiFixtures() {}

  /**
   * Follows the OpenAI API reference, "Create chat completion" → "The chat completion object"
   * (non-streamed response of POST /v1/chat/completions).
   */
  static String completion(
      String model, String content, String finishReason, int prompt, int completion) {
    return """
        {
          "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
          "object": "chat.completion",
          "created": 1741569952,
          "model": %s,
          "choices": [
            {
              "index": 0,
              "message": {
                "role": "assistant",
                "content": %s,
                "refusal": null,
                "annotations": []
              },
              "logprobs": null,
              "finish_reason": %s
            }
          ],
          "usage": {
            "prompt_tokens": %d,
            "completion_tokens": %d,
            "total_tokens": %d,
            "prompt_tokens_details": {
              "cached_tokens": 0,
              "audio_tokens": 0
            },
            "completion_tokens_details": {
              "reasoning_tokens": 0,
              "audio_tokens": 0,
              "accepted_prediction_tokens": 0,
              "rejected_prediction_tokens": 0
            }
          },
          "service_tier": "default",
          "system_fingerprint": "fp_44709d6fcb"
        }
        """
        .formatted(
            quote(model),
            quote(content),
            quote(finishReason),
            prompt,
            completion,
            prompt + completion);
  }

  /**
   * Follows the OpenAI API reference, "The chat completion chunk object": the first chunk carries
   * the role, the following ones a content delta, the last choice chunk the finish_reason; with
   * {@code stream_options.include_usage} every chunk has {@code "usage": null} and a final chunk
   * with empty {@code choices} carries the usage; the stream ends with {@code data: [DONE]}.
   */
  static String streamBody(
      String model,
      List<String> pieces,
      String finishReason,
      int prompt,
      int completion,
      boolean done) {
    List<String> events = new ArrayList<>();
    events.add(chunk(model, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", null));
    for (String piece : pieces) {
      events.add(chunk(model, "{\"content\":" + quote(piece) + "}", null));
    }
    if (finishReason != null) {
      events.add(chunk(model, "{}", finishReason));
      events.add(
          """
          {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":%s,\
          "system_fingerprint":"fp_44709d6fcb","choices":[],\
          "usage":{"prompt_tokens":%d,"completion_tokens":%d,"total_tokens":%d}}"""
              .formatted(quote(model), prompt, completion, prompt + completion));
    }
    StringBuilder body = new StringBuilder();
    for (String event : events) {
      body.append("data: ").append(event).append("\n\n");
    }
    if (done) {
      body.append("data: [DONE]\n\n");
    }
    return body.toString();
  }

  private static String chunk(String model, String delta, String finishReason) {
    return """
        {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":%s,\
        "system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":%s,"logprobs":null,\
        "finish_reason":%s}],"usage":null}"""
        .formatted(quote(model), delta, finishReason == null ? "null" : quote(finishReason));
  }

  /**
   * Follows the OpenAI API reference, "Error codes" / the error object every endpoint returns:
   * {@code {"error": {"message", "type", "param", "code"}}}.
   */
  static String error(String message, String type, String param, String code) {
    return """
        {
          "error": {
            "message": %s,
            "type": %s,
            "param": %s,
            "code": %s
          }
        }
        """
        .formatted(
            quote(message),
            quote(type),
            param == null ? "null" : quote(param),
            code == null ? "null" : quote(code));
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
        .setHeader("x-request-id", "req_7b9f0e2c8a")
        .body(body)
        .build();
  }

  static MockResponse sse(String body) {
    return new MockResponse.Builder()
        .code(200)
        .setHeader("Content-Type", "text/event-stream; charset=utf-8")
        .body(body)
        .build();
  }

  /** The wire value of a finish reason. */
  static String wire(FinishReason reason) {
    return switch (reason) {
      case STOP -> "stop";
      case LENGTH -> "length";
      case CONTENT_FILTER -> "content_filter";
      case OTHER -> "tool_calls";
    };
  }

  /** The error type OpenAI documents for a status. */
  static String typeFor(int status) {
    return switch (status) {
      case 401 -> "invalid_request_error";
      case 403 -> "invalid_request_error";
      case 429 -> "requests";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
