package dev.genaiwatch.core.wire;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.StreamedOutput;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.openai.JsonValueReader;
import dev.genaiwatch.core.openai.OpenAiChatMessages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI wire protocol (as spoken by vLLM, Ollama's {@code /v1}, LM Studio, TGI, llama.cpp
 * server and gateways) read into an {@link LlmCall}: the request JSON, a complete response JSON,
 * and streamed SSE chunks. Fields a server leaves out simply stay unset.
 */
public final class OpenAiWireParser {
  /** The SSE data that ends an OpenAI stream. */
  public static final String DONE = "[DONE]";

  private OpenAiWireParser() {}

  /**
   * Fills the request side. {@code operation} may be {@link
   * LlmEndpointMatcher#OPERATION_FROM_BODY}: then {@code messages} means chat, {@code prompt} a
   * text completion, {@code input} embeddings.
   *
   * @throws IOException when the body is not a JSON object
   */
  public static void request(String json, String operation, LlmCall call, boolean captureContent)
      throws IOException {
    if (!(JsonValueReader.read(json) instanceof Map<?, ?> body)) {
      throw new IOException("request body is not a JSON object");
    }
    call.operation = operation == null || operation.isEmpty() ? operationOf(body) : operation;
    call.requestModel = string(body.get("model"));
    call.stream = Boolean.TRUE.equals(body.get("stream"));
    Long maxCompletion = number(body.get("max_completion_tokens"));
    call.maxTokens = maxCompletion != null ? maxCompletion : number(body.get("max_tokens"));
    call.temperature = decimal(body.get("temperature"));
    call.topP = decimal(body.get("top_p"));
    call.frequencyPenalty = decimal(body.get("frequency_penalty"));
    call.presencePenalty = decimal(body.get("presence_penalty"));
    call.seed = number(body.get("seed"));
    call.choiceCount = number(body.get("n"));
    Object stop = body.get("stop");
    if (stop instanceof String s) {
      call.stopSequences = List.of(s);
    } else if (stop instanceof List<?> list) {
      List<String> stops = new ArrayList<>(list.size());
      list.forEach(
          o -> {
            if (o instanceof String s) {
              stops.add(s);
            }
          });
      call.stopSequences = stops;
    }
    if (!captureContent) {
      return;
    }
    if (LlmCall.OP_CHAT.equals(call.operation)) {
      OpenAiChatMessages.intoCall(body.get("messages"), call);
    } else if (LlmCall.OP_TEXT_COMPLETION.equals(call.operation)) {
      List<GenAiMessage> prompts = new ArrayList<>(1);
      Object prompt = body.get("prompt");
      if (prompt instanceof String s) {
        prompts.add(GenAiMessage.text("user", s));
      } else if (prompt instanceof List<?> list) {
        list.forEach(
            o -> {
              if (o instanceof String s) {
                prompts.add(GenAiMessage.text("user", s));
              }
            });
      }
      call.inputMessages = prompts;
    }
  }

  private static String operationOf(Map<?, ?> body) {
    if (body.containsKey("messages")) {
      return LlmCall.OP_CHAT;
    }
    if (body.containsKey("prompt")) {
      return LlmCall.OP_TEXT_COMPLETION;
    }
    if (body.containsKey("input")) {
      return LlmCall.OP_EMBEDDINGS;
    }
    return LlmCall.OP_CHAT;
  }

  /**
   * A complete (non-streamed) response body: chat, text completion or embeddings.
   *
   * @throws IOException when the body is not a JSON object
   */
  public static void response(String json, LlmCall call, boolean captureContent)
      throws IOException {
    if (!(JsonValueReader.read(json) instanceof Map<?, ?> body)) {
      throw new IOException("response body is not a JSON object");
    }
    if (!LlmCall.OP_EMBEDDINGS.equals(call.operation)) {
      call.responseId = string(body.get("id"));
    }
    call.responseModel = string(body.get("model"));
    usage(body.get("usage"), call);
    if (!(body.get("choices") instanceof List<?> choices)) {
      return;
    }
    List<GenAiMessage> output = new ArrayList<>(choices.size());
    for (Object c : choices) {
      if (!(c instanceof Map<?, ?> choice)) {
        continue;
      }
      String reason = string(choice.get("finish_reason"));
      call.addFinishReason(reason);
      logprobs(choice.get("logprobs"), call);
      if (choice.containsKey("message")) {
        output.add(OpenAiChatMessages.outputMessage(choice.get("message"), reason));
      } else {
        String text = string(choice.get("text"));
        output.add(
            new GenAiMessage(
                "assistant", List.of(MessagePart.text(text == null ? "" : text)), reason));
      }
    }
    if (captureContent) {
      call.outputMessages = output;
    }
  }

  /**
   * One SSE event's data of a streamed chat or completion. Records the chunk on the call's timer;
   * the {@code [DONE]} sentinel is not a chunk.
   *
   * @throws IOException when the data is neither {@code [DONE]} nor a JSON object
   */
  public static void chunk(String data, ActiveLlmCall active) throws IOException {
    if (DONE.equals(data.trim())) {
      return;
    }
    OpenAiChunkReader chunk = OpenAiChunkReader.read(data);
    LlmCall call = active.call();
    if (call.responseId == null) {
      call.responseId = chunk.id;
    }
    if (call.responseModel == null) {
      call.responseModel = chunk.model;
    }
    boolean hasContent = false;
    if (chunk.hasChoices) {
      StreamedOutput output = active.streamedOutput();
      for (OpenAiChunkReader.Choice choice : chunk.choices) {
        String text = choice.text();
        if (text != null && !text.isEmpty()) {
          hasContent = true;
          output.append(choice.index(), text);
        } else if (choice.toolCall()) {
          hasContent = true;
        }
        if (choice.finishReason() != null) {
          output.finish(choice.index(), choice.finishReason());
        }
        logprobs(choice.logprobs(), call);
      }
    }
    usage(chunk.usage, call);
    active.onChunk(hasContent);
  }

  /**
   * Usage with the details only the wire may know (the cached-token count); fills only what is
   * unset.
   */
  public static void usageIfMissing(String json, LlmCall call) throws IOException {
    // Called for every event of a library-owned stream, and only the last one carries usage: a
    // substring test
    // spares the parse of the others (a key the text does not contain cannot be in the parsed
    // JSON).
    if (call.cacheReadInputTokens != null || !json.contains("\"prompt_tokens_details\"")) {
      return;
    }
    if (JsonValueReader.read(json) instanceof Map<?, ?> body
        && body.get("usage") instanceof Map<?, ?> usage
        && usage.get("prompt_tokens_details") instanceof Map<?, ?> details) {
      call.cacheReadInputTokens = number(details.get("cached_tokens"));
    }
  }

  private static void usage(Object value, LlmCall call) {
    if (!(value instanceof Map<?, ?> usage)) {
      return;
    }
    call.inputTokens = number(usage.get("prompt_tokens"));
    if (!LlmCall.OP_EMBEDDINGS.equals(call.operation)) {
      call.outputTokens = number(usage.get("completion_tokens"));
      call.usageEstimated = false;
    }
    if (usage.get("prompt_tokens_details") instanceof Map<?, ?> details) {
      call.cacheReadInputTokens = number(details.get("cached_tokens"));
    }
    if (usage.get("completion_tokens_details") instanceof Map<?, ?> details) {
      call.reasoningOutputTokens = number(details.get("reasoning_tokens"));
    }
  }

  /**
   * Chat ({@code logprobs.content[].logprob}) and legacy completions ({@code
   * logprobs.token_logprobs[]}).
   */
  private static void logprobs(Object value, LlmCall call) {
    if (!(value instanceof Map<?, ?> logprobs)) {
      return;
    }
    if (logprobs.get("content") instanceof List<?> tokens) {
      for (Object t : tokens) {
        if (t instanceof Map<?, ?> token && token.get("logprob") instanceof Number d) {
          call.logprobs.add(d.doubleValue());
        }
      }
    } else if (logprobs.get("token_logprobs") instanceof List<?> values) {
      for (Object v : values) {
        if (v instanceof Number d) {
          call.logprobs.add(d.doubleValue());
        }
      }
    }
  }

  private static String string(Object o) {
    return o instanceof String s ? s : null;
  }

  private static Long number(Object o) {
    return o instanceof Long l ? l : o instanceof Double d ? Long.valueOf(d.longValue()) : null;
  }

  private static Double decimal(Object o) {
    return o instanceof Number n ? n.doubleValue() : null;
  }
}
