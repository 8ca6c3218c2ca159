package dev.genaiwatch.instrumentation.springai;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.List;
import java.util.Objects;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * A {@code ToolCallback} is called with the arguments only; the id of the tool call it answers is
 * in the model response the tool round started from. That response's tool calls travel in the
 * context of the round, so the {@code execute_tool} span can carry {@code gen_ai.tool.call.id}.
 */
final class ToolCallIds {
  private static final ContextKey<List<AssistantMessage.ToolCall>> TOOL_CALLS =
      ContextKey.named("genai-watch-spring-ai-tool-calls");

  private ToolCallIds() {}

  static Context with(Context context, Object chatResponse) {
    if (!(chatResponse instanceof ChatResponse response)) {
      return context;
    }
    for (Generation generation : response.getResults()) {
      AssistantMessage output = generation.getOutput();
      if (output != null && output.getToolCalls() != null && !output.getToolCalls().isEmpty()) {
        return context.with(TOOL_CALLS, List.copyOf(output.getToolCalls()));
      }
    }
    return context;
  }

  /**
   * The id of the call of {@code name} with {@code arguments} (or, failing that, the only call of
   * {@code name}).
   */
  static String find(String name, String arguments) {
    List<AssistantMessage.ToolCall> calls = Context.current().get(TOOL_CALLS);
    if (calls == null || name == null) {
      return null;
    }
    AssistantMessage.ToolCall byName = null;
    int named = 0;
    for (AssistantMessage.ToolCall call : calls) {
      if (name.equals(call.name())) {
        if (Objects.equals(arguments, call.arguments())) {
          return call.id();
        }
        byName = call;
        named++;
      }
    }
    return named == 1 ? byName.id() : null;
  }
}
