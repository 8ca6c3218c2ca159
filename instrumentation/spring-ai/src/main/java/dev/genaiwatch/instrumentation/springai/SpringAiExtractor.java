package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.MessageType;
import org.springframework.ai.chat.messages.ToolResponseMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * Spring AI objects into an {@link LlmCall}. Uses only {@code spring-ai-model} types and methods
 * that both 1.1 and 2.0 have; provider-specific values (OpenAI's seed, n, max completion tokens,
 * native usage with cached tokens) are read by method name so the extractor links whichever
 * provider module is present.
 */
final class SpringAiExtractor {
  /** Spring AI's retry utilities and provider modules report HTTP failures as "HTTP 500 - body". */
  private static final Pattern HTTP_STATUS = Pattern.compile("^(?:HTTP )?(\\d{3})\\b");

  private SpringAiExtractor() {}

  static LlmCall chatRequest(Object model, Prompt prompt, boolean stream, boolean content) {
    LlmCall call = new LlmCall();
    call.instrumentation = SpringAiInstrumentationModule.NAME;
    call.operation = LlmCall.OP_CHAT;
    call.provider = SpringAiProvider.of(model.getClass());
    call.stream = stream;
    ChatOptions defaults = model instanceof ChatModel chatModel ? safeDefaults(chatModel) : null;
    options(prompt.getOptions(), defaults, call);
    if (content) {
      messages(prompt.getInstructions(), call);
    }
    return call;
  }

  /**
   * The prompt's options win over the model's defaults, as in every Spring AI provider ({@code
   * buildRequestPrompt}); the extractor sees {@code call(Prompt)} before that merge.
   */
  static void options(ChatOptions requested, ChatOptions defaults, LlmCall call) {
    call.requestModel = first(requested, defaults, "getModel") instanceof String s ? s : null;
    call.temperature = doubleValue(first(requested, defaults, "getTemperature"));
    call.topP = doubleValue(first(requested, defaults, "getTopP"));
    call.frequencyPenalty = doubleValue(first(requested, defaults, "getFrequencyPenalty"));
    call.presencePenalty = doubleValue(first(requested, defaults, "getPresencePenalty"));
    Object max = first(requested, defaults, "getMaxTokens");
    if (max == null) {
      max = first(requested, defaults, "getMaxCompletionTokens");
    }
    call.maxTokens = longValue(max);
    if (first(requested, defaults, "getStopSequences") instanceof List<?> stop && !stop.isEmpty()) {
      List<String> sequences = new ArrayList<>(stop.size());
      stop.forEach(s -> sequences.add(String.valueOf(s)));
      call.stopSequences = sequences;
    }
    call.seed = longValue(first(requested, defaults, "getSeed"));
    Long n = longValue(first(requested, defaults, "getN"));
    call.choiceCount = n != null && n != 1 ? n : null;
  }

  private static Object first(ChatOptions requested, ChatOptions defaults, String getter) {
    Object value = Reflect.invoke(requested, getter);
    return value != null ? value : Reflect.invoke(defaults, getter);
  }

  private static ChatOptions safeDefaults(ChatModel model) {
    try {
      return model.getDefaultOptions();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Response id, model, usage, finish reasons and (content on) the output messages. */
  static void chatResponse(ChatResponse response, LlmCall call) {
    chatResponse(response, null, call);
  }

  /**
   * The same for a round of a 1.1 tool loop: {@code earlierRounds} is the response passed to the
   * round as {@code previousChatResponse} (see {@link #roundUsage}), or null.
   */
  static void chatResponse(ChatResponse response, Object earlierRounds, LlmCall call) {
    ChatResponseMetadata metadata = response.getMetadata();
    if (metadata != null) {
      call.responseId = emptyToNull(metadata.getId());
      call.responseModel = emptyToNull(metadata.getModel());
      roundUsage(
          metadata.getUsage(),
          earlierRounds instanceof ChatResponse earlier ? earlier : null,
          call);
    }
    List<GenAiMessage> output = new ArrayList<>();
    for (Generation generation : response.getResults()) {
      String finish =
          generation.getMetadata() == null
              ? null
              : finishReason(generation.getMetadata().getFinishReason());
      call.addFinishReason(finish);
      if (call.inputMessages != null && generation.getOutput() != null) {
        output.add(assistant(generation.getOutput(), finish));
      }
    }
    if (call.inputMessages != null && !output.isEmpty()) {
      call.outputMessages = output;
    }
  }

  /**
   * Usage as the provider reported it. A provider that reported nothing gives Spring AI's {@code
   * EmptyUsage} (zeros and no native usage): recorded as nothing, so a stream without usage falls
   * back to counting. Returns whether anything was recorded.
   */
  static boolean usage(Usage usage, LlmCall call) {
    if (usage == null) {
      return false;
    }
    if (usage.getClass().getSimpleName().equals("EmptyUsage")) {
      return false;
    }
    Object nativeUsage = usage.getNativeUsage();
    if (nativeUsage instanceof Map<?, ?> map && map.isEmpty()) {
      nativeUsage = null;
    }
    Integer prompt = usage.getPromptTokens();
    Integer completion = usage.getCompletionTokens();
    if (nativeUsage == null
        && (prompt == null || prompt == 0)
        && (completion == null || completion == 0)) {
      return false;
    }
    // The provider's own numbers for this request when it kept them: Spring AI 1.1 sums usage over
    // the rounds
    // of a tool loop into a Usage without native usage (see subtractEarlierRounds).
    Long nativePrompt =
        Reflect.number(nativeUsage, "promptTokens", "getPromptTokens", "inputTokens");
    Long nativeCompletion =
        Reflect.number(nativeUsage, "completionTokens", "getCompletionTokens", "outputTokens");
    call.inputTokens =
        nativePrompt != null ? nativePrompt : prompt == null ? null : prompt.longValue();
    call.outputTokens =
        nativeCompletion != null
            ? nativeCompletion
            : completion == null ? null : completion.longValue();
    // 2.0 has it on Usage; 1.1 only in the native usage (OpenAiApi.Usage, openai-java
    // CompletionUsage).
    Long cached = Reflect.number(usage, "getCacheReadInputTokens");
    if (cached == null) {
      cached = Reflect.number(Reflect.invoke(nativeUsage, "promptTokensDetails"), "cachedTokens");
    }
    if (cached == null) {
      cached = Reflect.number(nativeUsage, "cacheReadInputTokens");
    }
    call.cacheReadInputTokens = cached;
    Object completionDetails = Reflect.invoke(nativeUsage, "completionTokenDetails");
    if (completionDetails == null) {
      completionDetails = Reflect.invoke(nativeUsage, "completionTokensDetails");
    }
    call.reasoningOutputTokens = Reflect.number(completionDetails, "reasoningTokens");
    return true;
  }

  /**
   * Usage in a round of a Spring AI 1.1 tool loop. Providers report, for the round after a tool
   * execution, the usage summed over all rounds so far (without native usage); the earlier rounds'
   * sum is the usage of the response passed to the round as {@code previousChatResponse}.
   * Subtracting it leaves this request's own usage. A response (or stream chunk) without usage of
   * its own carries the earlier rounds' usage object itself: not this round's.
   */
  static void roundUsage(Usage usage, ChatResponse earlierRounds, LlmCall call) {
    Usage before = usageOf(earlierRounds);
    if ((before == null || usage != before) && usage(usage, call)) {
      subtract(before, usage, call);
    }
  }

  private static Usage usageOf(Object chatResponse) {
    return chatResponse instanceof ChatResponse response && response.getMetadata() != null
        ? response.getMetadata().getUsage()
        : null;
  }

  private static void subtract(Usage before, Usage now, LlmCall call) {
    if (now == null || before == null || now.getNativeUsage() != null) {
      return;
    }
    if (call.inputTokens != null
        && before.getPromptTokens() != null
        && call.inputTokens >= before.getPromptTokens()) {
      call.inputTokens -= before.getPromptTokens();
    }
    if (call.outputTokens != null
        && before.getCompletionTokens() != null
        && call.outputTokens >= before.getCompletionTokens()) {
      call.outputTokens -= before.getCompletionTokens();
    }
  }

  static LlmCall embeddingsRequest(Object model, EmbeddingRequest request) {
    LlmCall call = new LlmCall();
    call.instrumentation = SpringAiInstrumentationModule.NAME;
    call.operation = LlmCall.OP_EMBEDDINGS;
    call.provider = SpringAiProvider.of(model.getClass());
    EmbeddingOptions options = request.getOptions();
    String requested = options == null ? null : options.getModel();
    if (requested == null) {
      // The model's defaults, which the provider merges in: a getter in 2.0, a private field in
      // 1.1.
      Object defaults = Reflect.invoke(model, "getOptions");
      if (defaults == null) {
        defaults = Reflect.invoke(model, "getDefaultOptions");
      }
      if (defaults == null) {
        defaults = Reflect.field(model, "defaultOptions");
      }
      if (defaults == null) {
        defaults = Reflect.field(model, "options");
      }
      requested = Reflect.string(defaults, "getModel");
    }
    call.requestModel = requested;
    return call;
  }

  static void embeddingsResponse(EmbeddingResponse response, LlmCall call) {
    if (response == null || response.getMetadata() == null) {
      return;
    }
    call.responseModel = emptyToNull(response.getMetadata().getModel());
    Usage usage = response.getMetadata().getUsage();
    if (usage != null
        && usage.getPromptTokens() != null
        && (usage.getPromptTokens() > 0 || usage.getNativeUsage() != null)) {
      call.inputTokens = usage.getPromptTokens().longValue();
    }
  }

  /**
   * The HTTP status when the provider answered with one: from a Spring web client exception in the
   * cause chain, or from Spring AI's "HTTP 500 - ..." messages; {@code timeout} for timeouts; else
   * the class name.
   */
  static String errorType(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
      Object status = Reflect.invoke(t, "getStatusCode");
      Long code =
          status instanceof Number n
              ? Long.valueOf(n.longValue())
              : Reflect.number(status, "value");
      if (code == null) {
        code = Reflect.number(t, "statusCode");
      }
      if (code != null && code >= 100 && code < 600) {
        return Long.toString(code);
      }
      String name = t.getClass().getName();
      if (name.endsWith("TimeoutException") || name.endsWith(".SocketTimeoutException")) {
        return "timeout";
      }
      if (name.startsWith("org.springframework.ai.retry.") && t.getMessage() != null) {
        Matcher m = HTTP_STATUS.matcher(t.getMessage());
        if (m.find()) {
          return m.group(1);
        }
      }
    }
    return error.getClass().getName();
  }

  /**
   * Spring AI passes the provider's value through (OpenAI: "STOP", "TOOL_CALLS"); recorded as the
   * wire values.
   */
  static String finishReason(String reason) {
    if (reason == null || reason.isEmpty()) {
      return null;
    }
    return reason.toLowerCase(Locale.ROOT);
  }

  static void messages(List<Message> messages, LlmCall call) {
    List<GenAiMessage> input = new ArrayList<>(messages.size());
    List<String> system = new ArrayList<>(1);
    for (Message m : messages) {
      MessageType type = m.getMessageType();
      if (type == MessageType.SYSTEM) {
        system.add(m.getText());
      } else if (type == MessageType.USER) {
        input.add(GenAiMessage.text("user", m.getText()));
      } else if (m instanceof AssistantMessage a) {
        input.add(assistant(a, null));
      } else if (m instanceof ToolResponseMessage r) {
        List<MessagePart> parts = new ArrayList<>();
        for (ToolResponseMessage.ToolResponse response : r.getResponses()) {
          parts.add(MessagePart.toolCallResponse(response.id(), response.responseData()));
        }
        input.add(new GenAiMessage("tool", parts, null));
      }
    }
    call.inputMessages = input;
    call.systemInstructions = system.isEmpty() ? null : system;
  }

  static GenAiMessage assistant(AssistantMessage message, String finishReason) {
    return assistant(message.getText(), message.getToolCalls(), finishReason);
  }

  /** An assistant message of {@code text} (null or empty: none) and {@code toolCalls}. */
  static GenAiMessage assistant(
      String text, List<AssistantMessage.ToolCall> toolCalls, String finishReason) {
    List<MessagePart> parts = new ArrayList<>();
    if (text != null && !text.isEmpty()) {
      parts.add(MessagePart.text(text));
    }
    if (toolCalls != null) {
      for (AssistantMessage.ToolCall c : toolCalls) {
        parts.add(MessagePart.toolCall(c.id(), c.name(), c.arguments()));
      }
    }
    return new GenAiMessage("assistant", parts, finishReason);
  }

  private static Double doubleValue(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }

  private static Long longValue(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
