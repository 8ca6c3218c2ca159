package dev.genaiwatch.core.gemini;

import static dev.genaiwatch.core.openai.JsonFields.decimal;
import static dev.genaiwatch.core.openai.JsonFields.number;
import static dev.genaiwatch.core.openai.JsonFields.string;
import static dev.genaiwatch.core.openai.JsonFields.strings;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.StreamEventReader;
import dev.genaiwatch.core.StreamedToolCalls;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.openai.JsonValueWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gemini's {@code generateContent} and {@code streamGenerateContent} (the Gemini Developer API and
 * Vertex AI speak the same JSON) read into an {@link LlmCall} from the wire JSON as plain values:
 * the request, a {@code GenerateContentResponse}, and the chunks of a stream. The content and usage
 * reading is shared with the Google Gen AI SDK's instrumentation (which reads the SDK's own JSON),
 * so both produce the same span.
 *
 * <p>Content: {@code text} parts become text parts, {@code functionCall} parts tool calls
 * (arguments: the {@code args} as JSON), {@code functionResponse} parts tool call responses (the
 * {@code response} as JSON); thought summaries ({@code thought: true}), inline data and files are
 * not content genai-watch records. Gemini's role {@code model} is the conventions' {@code
 * assistant}; a content carrying only function responses is a {@code tool} message. The model and
 * whether the call streams come from the path ({@code .../models/{model}:streamGenerateContent}),
 * not the body.
 */
public final class GeminiApi {
  /** {@code gen_ai.provider.name} of the Gemini Developer API. */
  public static final String PROVIDER_GEMINI = "gcp.gemini";

  /** {@code gen_ai.provider.name} of Vertex AI. */
  public static final String PROVIDER_VERTEX_AI = "gcp.vertex_ai";

  /** For wire bodies: the values came from JSON text, genai-watch writes them back itself. */
  public static final Function<Object, String> PLAIN_JSON = GeminiApi::plainJson;

  private static final Pattern MODEL_METHOD =
      Pattern.compile(".*/models/([^/:]+):(generateContent|streamGenerateContent)");

  private GeminiApi() {}

  /** Whether {@code path} (without the query) calls a model's generate method. */
  public static boolean generates(String path) {
    // Every POST an HTTP client sends is asked: the suffix test spares the others the regex.
    return path.endsWith("enerateContent") && MODEL_METHOD.matcher(path).matches();
  }

  /** One {@code Content} as a message, or null for a value that is not one. */
  public static GenAiMessage message(
      Object contentJson, String finishReason, Function<Object, String> json) {
    if (!(contentJson instanceof Map<?, ?> content)) {
      return null;
    }
    List<MessagePart> parts = parts(content.get("parts"), json);
    String role = content.get("role") instanceof String r ? r : "user";
    if ("model".equals(role)) {
      role = "assistant";
    } else if (!parts.isEmpty()
        && parts.stream().allMatch(p -> "tool_call_response".equals(p.type()))) {
      role = "tool";
    }
    return new GenAiMessage(role, parts, finishReason);
  }

  public static List<GenAiMessage> messages(List<?> contentsJson, Function<Object, String> json) {
    List<GenAiMessage> out = new ArrayList<>(contentsJson.size());
    for (Object c : contentsJson) {
      GenAiMessage m = message(c, null, json);
      if (m != null) {
        out.add(m);
      }
    }
    return out;
  }

  /** The text of a system instruction's parts. */
  public static List<String> texts(Object contentJson, Function<Object, String> json) {
    List<String> out = new ArrayList<>(1);
    if (contentJson instanceof Map<?, ?> content) {
      for (MessagePart p : parts(content.get("parts"), json)) {
        if ("text".equals(p.type()) && p.content() != null) {
          out.add(p.content());
        }
      }
    }
    return out;
  }

  private static List<MessagePart> parts(Object partsJson, Function<Object, String> json) {
    List<MessagePart> parts = new ArrayList<>(1);
    if (!(partsJson instanceof List<?> list)) {
      return parts;
    }
    for (Object p : list) {
      if (!(p instanceof Map<?, ?> part) || Boolean.TRUE.equals(part.get("thought"))) {
        continue;
      }
      if (part.get("text") instanceof String text) {
        parts.add(MessagePart.text(text));
      } else if (part.get("functionCall") instanceof Map<?, ?> call) {
        parts.add(
            MessagePart.toolCall(
                string(call.get("id")), string(call.get("name")), written(call.get("args"), json)));
      } else if (part.get("functionResponse") instanceof Map<?, ?> response) {
        parts.add(
            MessagePart.toolCallResponse(
                string(response.get("id")), written(response.get("response"), json)));
      }
    }
    return parts;
  }

  private static String written(Object value, Function<Object, String> json) {
    return value == null ? null : json.apply(value);
  }

  /**
   * The conventions' finish reason for Gemini's: {@code STOP} is {@code stop} ({@code tool_call}
   * when the candidate calls a function), {@code MAX_TOKENS} {@code length}, the safety and policy
   * stops {@code content_filter}, anything else Gemini's own name in lower case.
   */
  public static String finishReason(String gemini, boolean callsFunction) {
    if (gemini == null || gemini.isEmpty() || "FINISH_REASON_UNSPECIFIED".equals(gemini)) {
      return null;
    }
    return switch (gemini) {
      case "STOP" -> callsFunction ? "tool_call" : "stop";
      case "MAX_TOKENS" -> "length";
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY" ->
          "content_filter";
      default -> gemini.toLowerCase(Locale.ROOT);
    };
  }

  private static boolean callsFunction(List<MessagePart> parts) {
    for (MessagePart p : parts) {
      if ("tool_call".equals(p.type())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Usage per the conventions: Gemini's {@code promptTokenCount} already includes the cached
   * tokens; its {@code candidatesTokenCount} leaves out the thinking tokens, which the conventions'
   * output tokens count (as OpenAI's completion tokens do), with the reasoning tokens apart.
   */
  public static void usage(Map<?, ?> usage, LlmCall call) {
    Long prompt = number(usage.get("promptTokenCount"));
    Long candidates = number(usage.get("candidatesTokenCount"));
    Long thoughts = number(usage.get("thoughtsTokenCount"));
    Long cached = number(usage.get("cachedContentTokenCount"));
    if (prompt != null) {
      call.inputTokens = prompt;
    }
    if (candidates != null || thoughts != null) {
      call.outputTokens = (candidates == null ? 0 : candidates) + (thoughts == null ? 0 : thoughts);
    }
    call.reasoningOutputTokens = thoughts != null ? thoughts : call.reasoningOutputTokens;
    call.cacheReadInputTokens = cached != null ? cached : call.cacheReadInputTokens;
    call.usageEstimated = false;
  }

  /**
   * Reads one {@code GenerateContentResponse}, or one chunk of a stream, into the call: id, model
   * and usage. A {@code whole} response also gives the finish reasons and (with {@code capture})
   * the output messages; a chunk's pieces are the stream's to collect. Returns the first
   * candidate's message with its finish reason, or null.
   */
  public static GenAiMessage read(
      Map<?, ?> json, LlmCall call, boolean whole, boolean capture, Function<Object, String> w) {
    if (json.get("responseId") instanceof String id) {
      call.responseId = id;
    }
    if (json.get("modelVersion") instanceof String model) {
      call.responseModel = model;
    }
    if (json.get("usageMetadata") instanceof Map<?, ?> usage) {
      usage(usage, call);
    }
    GenAiMessage first = null;
    List<GenAiMessage> out = new ArrayList<>(1);
    if (json.get("candidates") instanceof List<?> candidates) {
      for (Object c : candidates) {
        if (!(c instanceof Map<?, ?> candidate)) {
          continue;
        }
        GenAiMessage message = message(candidate.get("content"), null, w);
        List<MessagePart> parts = message == null ? List.of() : message.parts();
        String reason = finishReason(string(candidate.get("finishReason")), callsFunction(parts));
        if (whole) {
          call.addFinishReason(reason);
        }
        GenAiMessage withReason = new GenAiMessage("assistant", parts, reason);
        out.add(withReason);
        if (first == null) {
          first = withReason;
        }
      }
    }
    if (whole && capture) {
      call.outputMessages = out;
    }
    return first;
  }

  /**
   * What the path says: the model, whether the call streams, and the provider (Vertex AI's paths
   * name a project and location, the Gemini Developer API's do not).
   */
  public static void fromPath(String path, LlmCall call) {
    call.operation = LlmCall.OP_CHAT;
    Matcher m = MODEL_METHOD.matcher(path);
    if (m.matches()) {
      call.requestModel = m.group(1);
      call.stream = "streamGenerateContent".equals(m.group(2));
    }
    call.provider =
        path.contains("/projects/") && path.contains("/locations/")
            ? PROVIDER_VERTEX_AI
            : PROVIDER_GEMINI;
  }

  /** The request side: parameters and (when capturing) system instruction and contents. */
  public static void request(Object json, LlmCall call, boolean captureContent) {
    if (!(json instanceof Map<?, ?> body)) {
      return;
    }
    if (field(body, "generationConfig", "generation_config") instanceof Map<?, ?> config) {
      call.maxTokens = number(field(config, "maxOutputTokens", "max_output_tokens"));
      call.temperature = decimal(config.get("temperature"));
      call.topP = decimal(field(config, "topP", "top_p"));
      call.presencePenalty = decimal(field(config, "presencePenalty", "presence_penalty"));
      call.frequencyPenalty = decimal(field(config, "frequencyPenalty", "frequency_penalty"));
      call.seed = number(config.get("seed"));
      call.choiceCount = number(field(config, "candidateCount", "candidate_count"));
      call.stopSequences = strings(field(config, "stopSequences", "stop_sequences"));
    }
    if (captureContent) {
      Object system = field(body, "systemInstruction", "system_instruction");
      call.systemInstructions = system == null ? null : texts(system, PLAIN_JSON);
      if (body.get("contents") instanceof List<?> contents) {
        call.inputMessages = messages(contents, PLAIN_JSON);
      }
    }
  }

  /**
   * A whole response: one {@code GenerateContentResponse}, or the JSON array of them that {@code
   * streamGenerateContent} returns without {@code alt=sse} (read as one answer: the last usage and
   * finish reason, the text of the first candidate joined).
   */
  public static void response(Object json, LlmCall call, boolean captureContent)
      throws IOException {
    if (json instanceof Map<?, ?> response) {
      read(response, call, true, captureContent, PLAIN_JSON);
      return;
    }
    if (!(json instanceof List<?> chunks)) {
      throw new IOException("response body is neither a JSON object nor an array of them");
    }
    StringBuilder text = new StringBuilder();
    List<MessagePart> calls = new ArrayList<>(1);
    String reason = null;
    for (Object c : chunks) {
      GenAiMessage first =
          c instanceof Map<?, ?> chunk ? read(chunk, call, false, false, PLAIN_JSON) : null;
      if (first != null) {
        reason = first.finishReason() != null ? first.finishReason() : reason;
        for (MessagePart p : first.parts()) {
          if ("text".equals(p.type())) {
            text.append(p.content());
          } else {
            calls.add(p);
          }
        }
      }
    }
    call.addFinishReason(reason);
    if (captureContent) {
      List<MessagePart> parts = new ArrayList<>(calls.size() + 1);
      if (text.length() > 0) {
        parts.add(MessagePart.text(text.toString()));
      }
      parts.addAll(calls);
      call.outputMessages = List.of(new GenAiMessage("assistant", parts, reason));
    }
  }

  /**
   * One {@code alt=sse} stream, read chunk by chunk: text pieces and function calls are the content
   * chunks that time TTFT and TPS; every chunk carries the usage so far (the last one wins), the
   * last chunks the finish reason. Function calls are kept only with content capture on.
   */
  public static final class Events implements StreamEventReader {
    private final ActiveLlmCall active;
    private final boolean capture;
    private final Function<Object, String> writer;
    private final List<MessagePart> toolCalls = new ArrayList<>(1);

    /**
     * @param capture whether content is captured (function calls are kept)
     * @param writer writes a function call's arguments as JSON
     */
    public Events(ActiveLlmCall active, boolean capture, Function<Object, String> writer) {
      this.active = active;
      this.capture = capture;
      this.writer = writer;
    }

    /**
     * Reads one chunk and records it. Returns true once a chunk gave the finish reason: Gemini's
     * stream has no end event, the connection's end of stream follows that chunk.
     */
    @Override
    public boolean event(Object json) {
      if (!(json instanceof Map<?, ?> chunk)) {
        active.onChunk(false);
        return false;
      }
      GenAiMessage first = read(chunk, active.call(), false, false, writer);
      boolean content = false;
      if (first != null) {
        for (MessagePart part : first.parts()) {
          if ("text".equals(part.type())) {
            active.streamedOutput().append(0, part.content());
            content |= !part.content().isEmpty();
          } else if ("tool_call".equals(part.type())) {
            if (capture) {
              toolCalls.add(part);
            }
            content = true;
          }
        }
        if (first.finishReason() != null) {
          active.streamedOutput().finish(0, first.finishReason());
        }
      }
      active.onChunk(content);
      return first != null && first.finishReason() != null;
    }

    /** The output message when the answer called functions; call just before the span ends. */
    @Override
    public void compose() {
      if (capture && !toolCalls.isEmpty()) {
        active.call().outputMessages = StreamedToolCalls.output(active.streamedOutput(), toolCalls);
      }
    }
  }

  private static Object field(Map<?, ?> map, String camel, String snake) {
    Object value = map.get(camel);
    return value != null ? value : map.get(snake);
  }

  private static String plainJson(Object value) {
    try {
      return JsonValueWriter.write(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
