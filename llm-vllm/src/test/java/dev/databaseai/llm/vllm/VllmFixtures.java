package dev.databaseai.llm.vllm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import mockwebserver3.MockResponse;

/**
 * Answers in the wire format of vLLM's OpenAI-compatible server ({@code vllm serve}); each template
 * copies what the server sends, with only the values substituted.
 */
final class VllmFixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private VllmFixtures() {}

  /**
   * Follows vLLM's OpenAI-compatible server, {@code GET /v1/models} (its ModelList of ModelCard
   * entries: id, object, created, owned_by, root, parent, max_model_len, permission).
   */
  static String models(List<String> ids, int maxModelLen) {
    List<String> cards = new ArrayList<>();
    for (String id : ids) {
      cards.add(card(id, OptionalInt.of(maxModelLen), null));
    }
    return modelList(cards);
  }

  static String modelList(List<String> cards) {
    return "{\"object\":\"list\",\"data\":[" + String.join(",", cards) + "]}";
  }

  static String card(String id, OptionalInt maxModelLen, String parent) {
    return """
        {
          "id": %s,
          "object": "model",
          "created": 1732627200,
          "owned_by": "vllm",
          "root": %s,
          "parent": %s,
          "max_model_len": %s,
          "permission": [
            {
              "id": "modelperm-3b0c9a1f2e4d4c5b8a7e6f5d4c3b2a19",
              "object": "model_permission",
              "created": 1732627200,
              "allow_create_engine": false,
              "allow_sampling": true,
              "allow_logprobs": true,
              "allow_search_indices": false,
              "allow_view": true,
              "allow_fine_tuning": false,
              "organization": "*",
              "group": null,
              "is_blocking": false
            }
          ]
        }"""
        .formatted(
            quote(id),
            quote(parent == null ? id : "/adapters/" + id),
            parent == null ? "null" : quote(parent),
            maxModelLen.isPresent() ? String.valueOf(maxModelLen.getAsInt()) : "null");
  }

  /**
   * Follows vLLM's ChatCompletionResponse for {@code POST /v1/chat/completions}: the OpenAI chat
   * completion object plus vLLM's {@code stop_reason}, {@code reasoning_content} and {@code
   * prompt_logprobs} fields.
   */
  static String completion(
      String model, String content, String finishReason, int prompt, int completion) {
    return """
        {
          "id": "chatcmpl-8f3c2e1d0b9a48f7a6e5d4c3b2a1f0e9",
          "object": "chat.completion",
          "created": 1732627300,
          "model": %s,
          "choices": [
            {
              "index": 0,
              "message": {
                "role": "assistant",
                "reasoning_content": null,
                "content": %s,
                "tool_calls": []
              },
              "logprobs": null,
              "finish_reason": %s,
              "stop_reason": null
            }
          ],
          "usage": {
            "prompt_tokens": %d,
            "total_tokens": %d,
            "completion_tokens": %d,
            "prompt_tokens_details": null
          },
          "prompt_logprobs": null,
          "kv_transfer_params": null
        }
        """
        .formatted(
            quote(model),
            quote(content),
            quote(finishReason),
            prompt,
            prompt + completion,
            completion);
  }

  /**
   * Follows vLLM's streamed ChatCompletionStreamResponse: a role chunk, content deltas, a chunk
   * with finish_reason and stop_reason, with {@code stream_options.include_usage} a final chunk
   * with empty choices carrying usage, then {@code data: [DONE]}.
   */
  static String stream(
      String model,
      List<String> pieces,
      String finishReason,
      int prompt,
      int completion,
      boolean done) {
    String head =
        "{\"id\":\"chatcmpl-8f3c2e1d\",\"object\":\"chat.completion.chunk\",\"created\":1732627300,\"model\":"
            + quote(model)
            + ",";
    StringBuilder body = new StringBuilder();
    body.append("data: ")
        .append(head)
        .append(
            "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    for (String piece : pieces) {
      body.append("data: ")
          .append(head)
          .append("\"choices\":[{\"index\":0,\"delta\":{\"content\":")
          .append(quote(piece))
          .append("},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
    }
    if (finishReason != null) {
      body.append("data: ")
          .append(head)
          .append(
              "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,\"finish_reason\":")
          .append(quote(finishReason))
          .append(",\"stop_reason\":null}],\"usage\":null}\n\n");
      body.append("data: ")
          .append(head)
          .append("\"choices\":[],\"usage\":{\"prompt_tokens\":")
          .append(prompt)
          .append(",\"total_tokens\":")
          .append(prompt + completion)
          .append(",\"completion_tokens\":")
          .append(completion)
          .append("}}\n\n");
    }
    if (done) {
      body.append("data: [DONE]\n\n");
    }
    return body.toString();
  }

  /**
   * Follows vLLM's ErrorResponse as current releases send it: {@code {"error": {"message", "type",
   * "param", "code"}}} with the HTTP status as code.
   */
  static String error(String message, String type, int code) {
    return "{\"error\":{\"message\":"
        + quote(message)
        + ",\"type\":"
        + quote(type)
        + ",\"param\":null,\"code\":"
        + code
        + "}}";
  }

  /**
   * Follows vLLM's older (≤ 0.8) top-level ErrorResponse: {@code {"object": "error", "message",
   * "type", "param", "code"}}.
   */
  static String legacyError(String message, String type, int code) {
    return "{\"object\":\"error\",\"message\":"
        + quote(message)
        + ",\"type\":"
        + quote(type)
        + ",\"param\":null,\"code\":"
        + code
        + "}";
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .setHeader("Content-Type", "application/json")
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

  static String quote(String text) {
    try {
      return JSON.writeValueAsString(text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
