package dev.genaiwatch.instrumentation.langchain4j;

import dev.genaiwatch.core.ServerEndpoint;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.lang.reflect.Method;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * LangChain4j objects into an {@link LlmCall}. Uses only {@code langchain4j-core} types that exist
 * since 1.0.0; provider-specific details (OpenAI seed, cached tokens) are read reflectively by
 * method name, so the extractor links whether or not that provider module is on the class path.
 */
final class LangChain4jExtractor {
  private LangChain4jExtractor() {}

  static LlmCall chatRequest(Object model, ChatRequest request, boolean stream, boolean content) {
    LlmCall call = new LlmCall();
    call.instrumentation = LangChain4jInstrumentationModule.NAME;
    call.operation = LlmCall.OP_CHAT;
    call.provider = ModelEndpoint.provider(model.getClass());
    ServerEndpoint.intoCall(ModelEndpoint.baseUrl(model), call);
    call.stream = stream;
    ChatRequestParameters p = request.parameters();
    if (p != null) {
      call.requestModel = p.modelName();
      call.temperature = p.temperature();
      call.topP = p.topP();
      call.frequencyPenalty = p.frequencyPenalty();
      call.presencePenalty = p.presencePenalty();
      Integer max = p.maxOutputTokens();
      if (max == null) {
        max = integer(invoke(p, "maxCompletionTokens"));
      }
      call.maxTokens = max == null ? null : max.longValue();
      List<String> stop = p.stopSequences();
      call.stopSequences = stop == null || stop.isEmpty() ? null : List.copyOf(stop);
      Integer seed = integer(invoke(p, "seed"));
      call.seed = seed == null ? null : seed.longValue();
    }
    if (content) {
      messages(request.messages(), call);
    }
    return call;
  }

  static void chatResponse(ChatResponse response, LlmCall call) {
    call.responseId = response.id();
    call.responseModel = response.modelName();
    TokenUsage usage = response.tokenUsage();
    if (usage != null) {
      call.inputTokens = toLong(usage.inputTokenCount());
      call.outputTokens = toLong(usage.outputTokenCount());
      // OpenAiTokenUsage (and look-alikes): prompt-cache hits and reasoning tokens.
      call.cacheReadInputTokens =
          toLong(integer(invoke(invoke(usage, "inputTokensDetails"), "cachedTokens")));
      call.reasoningOutputTokens =
          toLong(integer(invoke(invoke(usage, "outputTokensDetails"), "reasoningTokens")));
    }
    String finish = finishReason(response.finishReason());
    call.addFinishReason(finish);
    if (call.inputMessages != null && response.aiMessage() != null) {
      GenAiMessage out = assistant(response.aiMessage(), finish);
      call.outputMessages = List.of(out);
    }
  }

  /**
   * Input of {@code embedAll(List<TextSegment>)} or {@code doEmbed(EmbeddingRequest)}: only the
   * model.
   */
  static LlmCall embeddingsRequest(Object model, Object input) {
    LlmCall call = new LlmCall();
    call.instrumentation = LangChain4jInstrumentationModule.NAME;
    call.operation = LlmCall.OP_EMBEDDINGS;
    call.provider = ModelEndpoint.provider(model.getClass());
    ServerEndpoint.intoCall(ModelEndpoint.baseUrl(model), call);
    Object requested = invoke(input, "modelName");
    call.requestModel =
        requested instanceof String s ? s : stringOrNull(invoke(model, "modelName"));
    return call;
  }

  /**
   * {@code Response<List<Embedding>>} (1.0) or {@code EmbeddingResponse} (later): both have
   * tokenUsage().
   */
  static void embeddingsResponse(Object response, LlmCall call) {
    if (invoke(response, "tokenUsage") instanceof TokenUsage usage) {
      call.inputTokens = toLong(usage.inputTokenCount());
    }
    Object model = invoke(response, "modelName");
    if (model instanceof String s) {
      call.responseModel = s;
    }
  }

  /**
   * HTTP status when the provider answered with one (anywhere in the cause chain), else the class
   * name.
   */
  static String errorType(Throwable error) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
      if (t instanceof HttpException http) {
        return Integer.toString(http.statusCode());
      }
      if (t instanceof HttpTimeoutException
          || t.getClass().getName().equals("dev.langchain4j.exception.TimeoutException")) {
        return "timeout";
      }
    }
    return error.getClass().getName();
  }

  /** OpenAI wire values, as the other instrumentations record them. */
  static String finishReason(FinishReason reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason.name()) {
      case "STOP" -> "stop";
      case "LENGTH" -> "length";
      case "TOOL_EXECUTION" -> "tool_calls";
      case "CONTENT_FILTER" -> "content_filter";
      default -> reason.name().toLowerCase(Locale.ROOT);
    };
  }

  private static void messages(List<ChatMessage> messages, LlmCall call) {
    List<GenAiMessage> input = new ArrayList<>(messages.size());
    List<String> system = new ArrayList<>(1);
    for (ChatMessage m : messages) {
      if (m instanceof SystemMessage s) {
        system.add(s.text());
      } else if (m instanceof UserMessage u) {
        List<MessagePart> parts = new ArrayList<>();
        for (Content c : u.contents()) {
          if (c instanceof TextContent t) {
            parts.add(MessagePart.text(t.text()));
          }
        }
        input.add(new GenAiMessage("user", parts, null));
      } else if (m instanceof AiMessage a) {
        input.add(assistant(a, null));
      } else if (m instanceof ToolExecutionResultMessage r) {
        input.add(
            new GenAiMessage(
                "tool", List.of(MessagePart.toolCallResponse(r.id(), r.text())), null));
      }
    }
    call.inputMessages = input;
    call.systemInstructions = system.isEmpty() ? null : system;
  }

  private static GenAiMessage assistant(AiMessage message, String finishReason) {
    List<MessagePart> parts = new ArrayList<>();
    if (message.text() != null) {
      parts.add(MessagePart.text(message.text()));
    }
    if (message.toolExecutionRequests() != null) {
      for (ToolExecutionRequest r : message.toolExecutionRequests()) {
        parts.add(MessagePart.toolCall(r.id(), r.name(), r.arguments()));
      }
    }
    return new GenAiMessage("assistant", parts, finishReason);
  }

  /**
   * Calls a public no-argument method by name; null if the target is null or has no such method.
   */
  static Object invoke(Object target, String method) {
    if (target == null) {
      return null;
    }
    try {
      Method m = target.getClass().getMethod(method);
      return m.invoke(target);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private static Integer integer(Object value) {
    return value instanceof Integer i ? i : null;
  }

  private static Long toLong(Integer value) {
    return value == null ? null : value.longValue();
  }

  private static String stringOrNull(Object value) {
    return value instanceof String s ? s : null;
  }
}
