package dev.genaiwatch.core;

import dev.genaiwatch.core.model.MessagePart;
import java.util.List;
import java.util.function.Function;

/**
 * One streamed model call of an SDK, as the application reads it: each event is recorded on the
 * call (a content event times TTFT and TPS), and every way the stream ends (exhausted, failed,
 * closed early) ends the span, after {@link #compose} has finished the output message. A failure of
 * genai-watch's own is counted, never thrown. The OpenAI, Anthropic and Google Gen AI stream
 * readers are these; each records its own library's events.
 */
public abstract class CallStream implements ObservedStream.Observer<Object> {
  protected final ActiveLlmCall call;
  private final String instrumentation;
  private final Function<Throwable, String> errorType;

  /**
   * {@code errorType} names what a failing stream threw, as the instrumentation's error types do.
   */
  protected CallStream(
      ActiveLlmCall call, String instrumentation, Function<Throwable, String> errorType) {
    this.call = call;
    this.instrumentation = instrumentation;
    this.errorType = errorType;
  }

  public final ActiveLlmCall call() {
    return call;
  }

  /** Records one event; never throws. */
  @Override
  public final void onEvent(Object event) {
    if (call.isEnded()) {
      return;
    }
    try {
      record(event);
    } catch (Throwable t) {
      LibraryCalls.report(instrumentation, t);
    }
  }

  /**
   * Reads one event into the call and tells it ({@link ActiveLlmCall#onChunk}) whether the event
   * carried generated content.
   */
  protected abstract void record(Object event) throws Throwable;

  @Override
  public final void end() {
    compose();
    call.end();
  }

  public final void endClosedEarly() {
    compose();
    call.endClosedEarly();
  }

  @Override
  public final void endWithError(Throwable error) {
    compose();
    try {
      call.endWithError(error, errorType.apply(error));
    } catch (Throwable t) {
      LibraryCalls.failed(instrumentation, call, t);
    }
  }

  /**
   * Finishes the output message before the span ends, where the streamed text alone (which the
   * core's streamed output makes into a message) is not all of it. Nothing by default.
   */
  protected void compose() {}

  /**
   * Sets the output message the way the SDKs stream tool calls: the streamed text that is not
   * empty, then {@code toolCalls}, with the streamed finish reason. False when that failed
   * (counted, never thrown).
   */
  protected final boolean composeTextThen(List<MessagePart> toolCalls) {
    try {
      call.call().outputMessages = StreamedToolCalls.output(call.streamedOutput(), toolCalls);
      return true;
    } catch (Throwable t) {
      LibraryCalls.report(instrumentation, t);
      return false;
    }
  }
}
