package dev.genaiwatch.core;

/**
 * The base of the stream objects an SDK instrumentation hands the application instead of the SDK's
 * own ({@code StreamResponse} and {@code AsyncStreamResponse} of the OpenAI and Anthropic SDKs):
 * what it reads is recorded on its {@link CallStream}, and closing it closes the SDK's stream and
 * ends a span that has not ended yet as closed early.
 */
public abstract class ObservedSdkStream {
  protected final CallStream events;
  private final Runnable closeSdkStream;

  /** {@code closeSdkStream} closes the SDK's own stream. */
  protected ObservedSdkStream(CallStream events, Runnable closeSdkStream) {
    this.events = events;
    this.closeSdkStream = closeSdkStream;
  }

  public void close() {
    try {
      closeSdkStream.run();
    } finally {
      events.endClosedEarly();
    }
  }
}
