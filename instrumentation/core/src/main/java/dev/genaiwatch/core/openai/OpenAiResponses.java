package dev.genaiwatch.core.openai;

import static dev.genaiwatch.core.openai.JsonFields.number;
import static dev.genaiwatch.core.openai.JsonFields.string;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI Responses API ({@code POST /v1/responses}) read into an {@link LlmCall}, from its wire
 * JSON as plain values ({@link JsonValueReader}): the request, a {@code response} object, and the
 * typed stream events. Shared by the SDK instrumentation (which serialises the SDK's objects with
 * the SDK's own mapper) and the wire level, so both produce the same span.
 *
 * <p>Per the GenAI conventions for OpenAI: operation {@code chat}, {@code
 * openai.api.type=responses}; {@code instructions} are system instructions, {@code input} items
 * input messages (a {@code function_call} item an assistant tool call, a {@code
 * function_call_output} item a tool response), and the output items one output message (the
 * Responses API returns a single generation). {@code conversation} is {@code
 * gen_ai.conversation.id}. The API has no finish reason; it is derived from the response's status:
 * {@code completed} → {@code stop} (or {@code tool_calls} when the output calls a function), {@code
 * incomplete} → {@code length} for {@code max_output_tokens}, else the incomplete reason ({@code
 * content_filter}), {@code failed} → {@code error}, {@code cancelled} → {@code cancelled}.
 */
public final class OpenAiResponses {
  /** {@code openai.api.type} of a Responses API call. */
  public static final String API_TYPE = "responses";

  private OpenAiResponses() {}

  /** The request side: model, parameters and (when capturing) instructions and input. */
  public static void request(Object json, LlmCall call, boolean captureContent) {
    call.operation = LlmCall.OP_CHAT;
    call.openAiApiType = API_TYPE;
    if (!(json instanceof Map<?, ?> body)) {
      return;
    }
    JsonFields.sampling(body, "max_output_tokens", call);
    Object conversation = body.get("conversation");
    call.conversationId =
        conversation instanceof Map<?, ?> c ? string(c.get("id")) : string(conversation);
    if (!captureContent) {
      return;
    }
    List<String> system = new ArrayList<>(1);
    String instructions = string(body.get("instructions"));
    if (instructions != null) {
      system.add(instructions);
    }
    List<GenAiMessage> input = new ArrayList<>();
    Object in = body.get("input");
    if (in instanceof String s) {
      input.add(GenAiMessage.text("user", s));
    } else if (in instanceof List<?> items) {
      for (Object i : items) {
        if (i instanceof Map<?, ?> item) {
          inputItem(item, input, system);
        }
      }
    }
    call.inputMessages = input;
    call.systemInstructions = system;
  }

  private static void inputItem(Map<?, ?> item, List<GenAiMessage> input, List<String> system) {
    String type = string(item.get("type"));
    if (type == null || "message".equals(type)) {
      String role = string(item.get("role"));
      String text = text(item.get("content"));
      if ("system".equals(role) || "developer".equals(role)) {
        if (text != null) {
          system.add(text);
        }
        return;
      }
      input.add(
          new GenAiMessage(
              role == null ? "user" : role,
              text == null ? List.of() : List.of(MessagePart.text(text)),
              null));
    } else if ("function_call".equals(type)) {
      input.add(
          new GenAiMessage(
              "assistant",
              List.of(
                  MessagePart.toolCall(
                      string(item.get("call_id")),
                      string(item.get("name")),
                      string(item.get("arguments")))),
              null));
    } else if ("function_call_output".equals(type)) {
      Object output = item.get("output");
      input.add(
          new GenAiMessage(
              "tool",
              List.of(
                  MessagePart.toolCallResponse(
                      string(item.get("call_id")), output instanceof String s ? s : text(output))),
              null));
    }
    // Reasoning items, file and web search calls and the like are not messages of the conversation.
  }

  /**
   * A {@code response} object: id, model, usage, finish reason and (when capturing) the output
   * message.
   */
  public static void response(Object json, LlmCall call, boolean captureContent) {
    if (!(json instanceof Map<?, ?> response)) {
      return;
    }
    usage(response.get("usage"), call);
    List<MessagePart> parts = new ArrayList<>(1);
    boolean toolCall = false;
    if (response.get("output") instanceof List<?> output) {
      for (Object o : output) {
        if (!(o instanceof Map<?, ?> item)) {
          continue;
        }
        String type = string(item.get("type"));
        if ("message".equals(type) && item.get("content") instanceof List<?> content) {
          for (Object c : content) {
            if (c instanceof Map<?, ?> part) {
              String text =
                  "refusal".equals(part.get("type"))
                      ? string(part.get("refusal"))
                      : string(part.get("text"));
              if (text != null) {
                parts.add(MessagePart.text(text));
              }
            }
          }
        } else if ("function_call".equals(type)) {
          toolCall = true;
          parts.add(
              MessagePart.toolCall(
                  string(item.get("call_id")),
                  string(item.get("name")),
                  string(item.get("arguments"))));
        }
      }
    }
    Object incomplete = response.get("incomplete_details");
    String reason =
        finishReason(
            string(response.get("status")),
            incomplete instanceof Map<?, ?> d ? string(d.get("reason")) : null,
            toolCall);
    outcome(
        call,
        string(response.get("id")),
        string(response.get("model")),
        reason,
        parts,
        captureContent);
  }

  /**
   * What a {@code response} object says, however it was read (from JSON here, through the SDK's
   * accessors by the SDK instrumentation): id, model, the finish reason ({@link #finishReason}) and
   * (when capturing) the output message of {@code parts} (text, refusal and function-call parts in
   * output order).
   */
  public static void outcome(
      LlmCall call,
      String id,
      String model,
      String reason,
      List<MessagePart> parts,
      boolean capture) {
    call.openAiApiType = API_TYPE;
    call.responseId = id;
    call.responseModel = model;
    call.finishReasons.clear();
    call.addFinishReason(reason);
    if (capture) {
      call.outputMessages = List.of(new GenAiMessage("assistant", parts, reason));
    }
  }

  /**
   * One stream event's data. Text and function-argument deltas are content chunks (TTFT, chunk
   * gaps); the terminal {@code response.completed}, {@code response.incomplete} and {@code
   * response.failed} events carry the whole response, read like a JSON one.
   *
   * @return true for a terminal event: the stream is complete
   */
  public static boolean event(Object json, ActiveLlmCall active, boolean captureContent) {
    if (!(json instanceof Map<?, ?> event)) {
      return false;
    }
    LlmCall call = active.call();
    String type = string(event.get("type"));
    if (type == null) {
      active.onChunk(false);
      return false;
    }
    switch (type) {
      case "response.output_text.delta" -> {
        String delta = string(event.get("delta"));
        boolean content = delta != null && !delta.isEmpty();
        if (content) {
          active.streamedOutput().append(0, delta);
        }
        active.onChunk(content);
        return false;
      }
      case "response.refusal.delta", "response.function_call_arguments.delta" -> {
        active.onChunk(true);
        return false;
      }
      case "response.completed", "response.incomplete", "response.failed" -> {
        response(event.get("response"), call, captureContent);
        active.onChunk(false);
        return true;
      }
      default -> {
        if (call.responseId == null && event.get("response") instanceof Map<?, ?> response) {
          call.responseId = string(response.get("id"));
          call.responseModel = string(response.get("model"));
        }
        active.onChunk(false);
        return false;
      }
    }
  }

  /**
   * Whether a stream event's data (as text) is terminal, without parsing it: for streams another
   * library owns.
   */
  public static boolean terminal(String data) {
    return data.contains("\"response.completed\"")
        || data.contains("\"response.incomplete\"")
        || data.contains("\"response.failed\"");
  }

  /** The finish reason the API does not have, from the response's status: see the class comment. */
  public static String finishReason(String status, String incompleteReason, boolean toolCall) {
    if (status == null) {
      return null;
    }
    return switch (status) {
      case "completed" -> toolCall ? "tool_calls" : "stop";
      case "incomplete" ->
          incompleteReason == null || "max_output_tokens".equals(incompleteReason)
              ? "length"
              : incompleteReason;
      case "failed" -> "error";
      case "cancelled" -> "cancelled";
      default -> null;
    };
  }

  private static void usage(Object value, LlmCall call) {
    if (!(value instanceof Map<?, ?> usage)) {
      return;
    }
    usage(
        call,
        number(usage.get("input_tokens")),
        number(usage.get("output_tokens")),
        usage.get("input_tokens_details") instanceof Map<?, ?> d
            ? number(d.get("cached_tokens"))
            : null,
        usage.get("output_tokens_details") instanceof Map<?, ?> d
            ? number(d.get("reasoning_tokens"))
            : null);
  }

  /**
   * A response's usage, however it was read; a detail that is null (absent) leaves what the call
   * already holds.
   */
  public static void usage(
      LlmCall call, Long inputTokens, Long outputTokens, Long cachedTokens, Long reasoningTokens) {
    call.inputTokens = inputTokens;
    call.outputTokens = outputTokens;
    call.usageEstimated = false;
    if (cachedTokens != null) {
      call.cacheReadInputTokens = cachedTokens;
    }
    if (reasoningTokens != null) {
      call.reasoningOutputTokens = reasoningTokens;
    }
  }

  /**
   * Content as a string, or the text of an array of content parts ({@code input_text}, {@code
   * output_text}).
   */
  private static String text(Object content) {
    if (content instanceof String s) {
      return s;
    }
    if (!(content instanceof List<?> parts)) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    boolean any = false;
    for (Object p : parts) {
      if (p instanceof Map<?, ?> part && part.get("text") instanceof String t) {
        if (any) {
          sb.append('\n');
        }
        sb.append(t);
        any = true;
      }
    }
    return any ? sb.toString() : null;
  }
}
