package dev.genaiwatch.core.anthropic;

import static dev.genaiwatch.core.openai.JsonFields.number;
import static dev.genaiwatch.core.openai.JsonFields.string;
import static dev.genaiwatch.core.openai.JsonFields.strings;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.StreamEventReader;
import dev.genaiwatch.core.StreamedToolCalls;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.openai.JsonFields;
import dev.genaiwatch.core.openai.JsonValueWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}) read into an {@link LlmCall} from its wire
 * JSON as plain values: the request, a {@code message} response, and the typed stream events. The
 * content conversion is shared with the Anthropic Java SDK's instrumentation (which serialises the
 * SDK's objects with the SDK's own mapper), so both produce the same span.
 *
 * <p>Content: {@code text} blocks become text parts, {@code tool_use} blocks tool calls (arguments:
 * the input as JSON), {@code tool_result} blocks tool call responses; other blocks (images,
 * documents, thinking) are not content genai-watch records. {@code system} is the system
 * instructions. Usage per the conventions: {@code gen_ai.usage.input_tokens} counts every input
 * token, so Anthropic's uncached {@code input_tokens} plus the cache reads and writes, which
 * Anthropic reports apart ({@code cache_read_input_tokens}, {@code cache_creation_input_tokens}).
 * {@code stop_reason} is the finish reason, as Anthropic names it.
 */
public final class AnthropicMessagesApi {
  /** {@code gen_ai.provider.name} of Anthropic's own API. */
  public static final String PROVIDER = "anthropic";

  /** Writes a plain JSON value (a tool's input) back to JSON text. */
  public interface JsonWriter<E extends Throwable> {
    String write(Object value) throws E;
  }

  /** For wire bodies: the values came from JSON text, genai-watch writes them back itself. */
  public static final JsonWriter<IOException> PLAIN_JSON = JsonValueWriter::write;

  private AnthropicMessagesApi() {}

  /** The {@code messages} array of a request. */
  public static <E extends Throwable> List<GenAiMessage> input(
      Object messagesJson, JsonWriter<E> json) throws E {
    List<GenAiMessage> out = new ArrayList<>();
    if (messagesJson instanceof List<?> list) {
      for (Object m : list) {
        if (m instanceof Map<?, ?> message) {
          String role = message.get("role") instanceof String r ? r : "user";
          out.add(new GenAiMessage(role, parts(message.get("content"), json), null));
        }
      }
    }
    return out;
  }

  /** A response's {@code content} array as the one output message. */
  public static <E extends Throwable> GenAiMessage output(
      Object contentJson, String finishReason, JsonWriter<E> json) throws E {
    return new GenAiMessage("assistant", parts(contentJson, json), finishReason);
  }

  private static <E extends Throwable> List<MessagePart> parts(Object content, JsonWriter<E> json)
      throws E {
    List<MessagePart> parts = new ArrayList<>(1);
    if (content instanceof String text) {
      parts.add(MessagePart.text(text));
      return parts;
    }
    if (!(content instanceof List<?> blocks)) {
      return parts;
    }
    for (Object b : blocks) {
      if (!(b instanceof Map<?, ?> block)) {
        continue;
      }
      Object type = block.get("type");
      if ("text".equals(type) && block.get("text") instanceof String text) {
        parts.add(MessagePart.text(text));
      } else if ("tool_use".equals(type)) {
        Object input = block.get("input");
        parts.add(
            MessagePart.toolCall(
                string(block.get("id")),
                string(block.get("name")),
                input == null ? null : json.write(input)));
      } else if ("tool_result".equals(type)) {
        parts.add(
            MessagePart.toolCallResponse(
                string(block.get("tool_use_id")), text(block.get("content"))));
      }
    }
    return parts;
  }

  /** A tool result's content: a string, or its text blocks joined. */
  private static String text(Object content) {
    List<String> texts = texts(content);
    return texts == null ? null : String.join("", texts);
  }

  /**
   * A string as the one text, or the texts of an array's text blocks (a system prompt's blocks are
   * one instruction each, as the SDK instrumentation records them); null for anything else.
   */
  private static List<String> texts(Object content) {
    if (content instanceof String s) {
      return List.of(s);
    }
    if (!(content instanceof List<?> blocks)) {
      return null;
    }
    List<String> out = new ArrayList<>(blocks.size());
    for (Object b : blocks) {
      if (b instanceof Map<?, ?> block
          && "text".equals(block.get("type"))
          && block.get("text") instanceof String t) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Usage per the conventions: input tokens are {@code uncached} plus the cache reads and writes. A
   * null count leaves what the call has.
   */
  public static void usage(Long uncached, Long read, Long written, LlmCall call) {
    if (uncached != null) {
      call.inputTokens = uncached + (read == null ? 0 : read) + (written == null ? 0 : written);
    }
    call.cacheReadInputTokens = read != null ? read : call.cacheReadInputTokens;
    call.cacheCreationInputTokens = written != null ? written : call.cacheCreationInputTokens;
  }

  /** What the wire level knows from the path alone. */
  public static void fromPath(String path, LlmCall call) {
    call.operation = LlmCall.OP_CHAT;
    call.provider = PROVIDER;
  }

  /** The request side: model, parameters and (when capturing) system prompt and messages. */
  public static void request(Object json, LlmCall call, boolean captureContent) throws IOException {
    call.operation = LlmCall.OP_CHAT;
    call.provider = PROVIDER;
    if (!(json instanceof Map<?, ?> body)) {
      return;
    }
    JsonFields.sampling(body, "max_tokens", call);
    call.stopSequences = strings(body.get("stop_sequences"));
    if (captureContent) {
      Object system = body.get("system");
      call.systemInstructions = system == null ? null : texts(system);
      call.inputMessages = input(body.get("messages"), PLAIN_JSON);
    }
  }

  /** A whole {@code message} response. */
  public static void response(Object json, LlmCall call, boolean captureContent)
      throws IOException {
    if (!(json instanceof Map<?, ?> message)) {
      throw new IOException("response body is not a JSON object");
    }
    call.responseId = string(message.get("id"));
    call.responseModel = string(message.get("model"));
    String reason = string(message.get("stop_reason"));
    call.addFinishReason(reason);
    if (message.get("usage") instanceof Map<?, ?> u) {
      usage(number(u.get("input_tokens")), u, call);
      call.outputTokens = number(u.get("output_tokens"));
      call.usageEstimated = false;
    }
    if (captureContent) {
      call.outputMessages = List.of(output(message.get("content"), reason, PLAIN_JSON));
    }
  }

  private static void usage(Long uncached, Map<?, ?> u, LlmCall call) {
    usage(
        uncached,
        number(u.get("cache_read_input_tokens")),
        number(u.get("cache_creation_input_tokens")),
        call);
  }

  /**
   * One streamed message, read event by event: {@code message_start} (id, model, input usage),
   * {@code content_block_start} (a tool call's id and name), {@code content_block_delta} (text and
   * tool input: the content chunks that time TTFT and TPS), {@code message_delta} (stop reason,
   * final usage), {@code message_stop} (the end). Tool input is kept only with content capture on,
   * within {@code captureLimit} characters.
   */
  public static final class Events implements StreamEventReader {
    private final ActiveLlmCall active;
    private final int captureLimit;
    private final List<ToolUse> tools = new ArrayList<>(1);
    private int kept;

    private record ToolUse(long index, String id, String name, StringBuilder input) {}

    /**
     * @param captureLimit characters of tool input kept, 0 when content capture is off
     */
    public Events(ActiveLlmCall active, int captureLimit) {
      this.active = active;
      this.captureLimit = captureLimit;
    }

    /**
     * Reads one event's JSON and records it as a chunk. Returns true for {@code message_stop}, the
     * stream's last event.
     */
    @Override
    public boolean event(Object json) {
      if (!(json instanceof Map<?, ?> event)) {
        return false;
      }
      String type = string(event.get("type"));
      if ("message_stop".equals(type)) {
        return true;
      }
      active.onChunk(read(type, event));
      return false;
    }

    /** Whether the event carries generated content. */
    private boolean read(String type, Map<?, ?> event) {
      LlmCall call = active.call();
      if ("message_start".equals(type) && event.get("message") instanceof Map<?, ?> message) {
        call.responseId = string(message.get("id"));
        call.responseModel = string(message.get("model"));
        if (message.get("usage") instanceof Map<?, ?> u) {
          // message_start's output count is a placeholder; message_delta carries the real one.
          usage(number(u.get("input_tokens")), u, call);
        }
      } else if ("content_block_start".equals(type)
          && event.get("content_block") instanceof Map<?, ?> block
          && "tool_use".equals(block.get("type"))) {
        Long index = number(event.get("index"));
        tools.add(
            new ToolUse(
                index == null ? -1 : index,
                string(block.get("id")),
                string(block.get("name")),
                new StringBuilder()));
        return true;
      } else if ("content_block_delta".equals(type)
          && event.get("delta") instanceof Map<?, ?> delta) {
        return delta(number(event.get("index")), delta);
      } else if ("message_delta".equals(type)) {
        if (event.get("delta") instanceof Map<?, ?> delta
            && delta.get("stop_reason") instanceof String reason) {
          active.streamedOutput().finish(0, reason);
        }
        if (event.get("usage") instanceof Map<?, ?> u) {
          call.outputTokens = number(u.get("output_tokens"));
          call.usageEstimated = false;
          // Newer servers repeat the input usage here; where they do, it is the final word.
          usage(number(u.get("input_tokens")), u, call);
        }
      }
      return false;
    }

    private boolean delta(Long index, Map<?, ?> delta) {
      if (delta.get("text") instanceof String text) {
        active.streamedOutput().append(0, text);
        return true;
      }
      if (!(delta.get("partial_json") instanceof String json)) {
        return false;
      }
      for (ToolUse tool : tools) {
        if (index != null && tool.index == index) {
          keep(tool.input, json);
        }
      }
      return true;
    }

    private void keep(StringBuilder into, String text) {
      int room = captureLimit - kept;
      String piece = text.length() > room ? text.substring(0, Math.max(room, 0)) : text;
      if (piece.length() < text.length()) {
        active.call().contentTruncatedAtSource = true;
      }
      into.append(piece);
      kept += piece.length();
    }

    /**
     * The output message when the answer called tools (the streamed text alone becomes the output
     * without this); call just before the span ends.
     */
    @Override
    public void compose() {
      if (captureLimit == 0 || tools.isEmpty()) {
        return;
      }
      List<MessagePart> calls = new ArrayList<>(tools.size());
      for (ToolUse tool : tools) {
        calls.add(MessagePart.toolCall(tool.id, tool.name, tool.input.toString()));
      }
      active.call().outputMessages = StreamedToolCalls.output(active.streamedOutput(), calls);
    }
  }
}
