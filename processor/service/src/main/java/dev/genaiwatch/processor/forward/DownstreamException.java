package dev.genaiwatch.processor.forward;

/** A failed export attempt, classified the way OTLP senders must classify it. */
public final class DownstreamException extends Exception {
  private final boolean retryable;

  public DownstreamException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
