package dev.genaiwatch.core;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * An SDK's async stream as the application's handler receives it (the OpenAI and Anthropic SDKs'
 * {@code AsyncStreamResponse.Handler}): each event is recorded on the {@link CallStream} before the
 * handler gets it, and the SDK's completion ends the call. An exception thrown by the application's
 * own handler (which the SDK reports back through the completion) ends the stream early but is not
 * recorded as a stream failure.
 */
public final class ObservedHandler {
  private final CallStream stream;
  private volatile Throwable applicationError;

  public ObservedHandler(CallStream stream) {
    this.stream = stream;
  }

  /** Records {@code event}, then hands it to the application's {@code handler}. */
  public <T> void next(T event, Consumer<? super T> handler) {
    stream.onEvent(event);
    try {
      handler.accept(event);
    } catch (RuntimeException | Error e) {
      applicationError = e;
      throw e;
    }
  }

  /** The SDK completed the stream, failing with {@code error} or not. */
  public void completed(Optional<Throwable> error) {
    if (stream.call().isEnded()) {
      return;
    }
    if (error.isPresent() && error.get() == applicationError) {
      stream.endClosedEarly();
    } else if (error.isPresent()) {
      stream.endWithError(error.get());
    } else {
      stream.end();
    }
  }
}
