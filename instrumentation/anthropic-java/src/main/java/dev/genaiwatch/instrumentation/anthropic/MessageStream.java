package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.models.messages.MessageDeltaUsage;
import com.anthropic.models.messages.RawContentBlockDelta;
import com.anthropic.models.messages.RawContentBlockStartEvent;
import com.anthropic.models.messages.RawMessageDeltaEvent;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.ToolUseBlock;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.CallStream;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.anthropic.AnthropicMessagesApi;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import java.util.ArrayList;
import java.util.List;

/**
 * One streamed message, read event by event as the application reads it: {@code message_start} (id,
 * model, input usage), {@code content_block_start} (a tool call's id and name), {@code
 * content_block_delta} (text and tool input: the content chunks that time TTFT and TPS), {@code
 * message_delta} (stop reason, final usage). Text and tool input are kept only with content capture
 * on, within the capture limit. Every end goes through here, so the output message is composed
 * once, before the span ends.
 */
final class MessageStream extends CallStream {
  private final int bound;
  private final List<ToolCall> toolCalls = new ArrayList<>(1);
  private int kept;
  private boolean truncated;

  private static final class ToolCall {
    final long index;
    final String id;
    final String name;
    final StringBuilder input = new StringBuilder();

    ToolCall(long index, String id, String name) {
      this.index = index;
      this.id = id;
      this.name = name;
    }
  }

  MessageStream(ActiveLlmCall call) {
    super(call, AnthropicJavaInstrumentationModule.NAME, AnthropicJavaExtractor::errorType);
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    this.bound =
        instrumenter != null && instrumenter.content().enabled()
            ? instrumenter.content().maxLength()
            : 0;
  }

  @Override
  protected void record(Object event) {
    call.onChunk(read(event));
  }

  /** Whether the event carries generated content. */
  private boolean read(Object event) {
    if (!(event instanceof RawMessageStreamEvent e)) {
      return false;
    }
    LlmCall c = call.call();
    if (e.isMessageStart()) {
      var message = e.asMessageStart().message();
      c.responseId = AnthropicJavaExtractor.quietly(message::id);
      c.responseModel = AnthropicJavaExtractor.quietly(() -> message.model().asString());
      AnthropicJavaExtractor.quietly(() -> AnthropicJavaExtractor.usage(message.usage(), c));
      // message_start's output count is a placeholder; message_delta carries the real one.
      c.outputTokens = null;
    } else if (e.isContentBlockStart()) {
      RawContentBlockStartEvent start = e.asContentBlockStart();
      if (start.contentBlock().isToolUse()) {
        ToolUseBlock tool = start.contentBlock().asToolUse();
        toolCalls.add(new ToolCall(start.index(), tool.id(), tool.name()));
        return true;
      }
    } else if (e.isContentBlockDelta()) {
      var delta = e.asContentBlockDelta();
      RawContentBlockDelta d = delta.delta();
      if (d.isText()) {
        call.streamedOutput().append(0, d.asText().text());
        return true;
      }
      if (d.isInputJson()) {
        for (ToolCall tool : toolCalls) {
          if (tool.index == delta.index()) {
            keep(tool.input, d.asInputJson().partialJson());
          }
        }
        return true;
      }
    } else if (e.isMessageDelta()) {
      RawMessageDeltaEvent delta = e.asMessageDelta();
      String reason =
          AnthropicJavaExtractor.quietly(
              () -> delta.delta().stopReason().map(r -> r.asString()).orElse(null));
      if (reason != null) {
        call.streamedOutput().finish(0, reason);
      }
      MessageDeltaUsage u = delta.usage();
      c.outputTokens = u.outputTokens();
      c.usageEstimated = false;
      // Newer servers repeat the input usage here; where they do, it is the final word.
      Long input = AnthropicJavaExtractor.quietly(() -> u.inputTokens().orElse(null));
      if (input != null) {
        AnthropicMessagesApi.usage(
            input,
            AnthropicJavaExtractor.quietly(() -> u.cacheReadInputTokens().orElse(null)),
            AnthropicJavaExtractor.quietly(() -> u.cacheCreationInputTokens().orElse(null)),
            c);
      }
    }
    return false;
  }

  private void keep(StringBuilder into, String text) {
    if (text == null || bound == 0) {
      return;
    }
    int room = bound - kept;
    if (room <= 0) {
      truncated |= !text.isEmpty();
      return;
    }
    String piece = text.length() > room ? text.substring(0, room) : text;
    truncated |= piece.length() < text.length();
    into.append(piece);
    kept += piece.length();
  }

  /** The output message: the streamed text, then the tool calls, with the stop reason. */
  @Override
  protected synchronized void compose() {
    if (call.isEnded() || bound == 0 || toolCalls.isEmpty()) {
      return; // Text only: the core's streamed output makes the message.
    }
    List<MessagePart> calls = new ArrayList<>(toolCalls.size());
    for (ToolCall tool : toolCalls) {
      calls.add(MessagePart.toolCall(tool.id, tool.name, tool.input.toString()));
    }
    if (composeTextThen(calls)) {
      call.call().contentTruncatedAtSource |= truncated || call.streamedOutput().truncated();
    }
  }
}
