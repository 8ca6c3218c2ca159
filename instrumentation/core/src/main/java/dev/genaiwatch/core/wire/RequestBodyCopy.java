package dev.genaiwatch.core.wire;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A copy of a request body taken from the bytes an HTTP client writes for the real send (for
 * clients whose bodies are written as buffers rather than through an Okio sink): every run of bytes
 * is looked at, not consumed, kept up to the exchange's limit, and handed to {@link
 * WireExchange#onRequestBody} once, when the client says the body is complete. A body over the
 * limit is dropped from the copy at once and only marks the span; the application's body is never
 * read by genai-watch.
 */
public final class RequestBodyCopy {
  private final WireExchange exchange;
  private final int limit;
  private byte[] bytes = new byte[0];
  private int length;
  private boolean overLimit;
  private boolean reported;

  public RequestBodyCopy(WireExchange exchange) {
    this.exchange = exchange;
    this.limit = exchange.requestBodyLimit();
  }

  /** Looks at the readable bytes of {@code chunk}; its position and content stay as they were. */
  public synchronized void add(ByteBuffer chunk) {
    if (reported || overLimit) {
      return;
    }
    int n = chunk.remaining();
    if (length + n > limit) {
      overLimit = true;
      bytes = null;
      return;
    }
    if (length + n > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(Math.max(bytes.length * 2, length + n), limit));
    }
    chunk.duplicate().get(bytes, length, n);
    length += n;
  }

  public void add(byte[] source, int offset, int count) {
    add(ByteBuffer.wrap(source, offset, count));
  }

  /** The body was written completely: the exchange reads it (the first call only). */
  public void complete() {
    byte[] kept;
    int keptLength;
    boolean dropped;
    synchronized (this) {
      if (reported) {
        return;
      }
      reported = true;
      dropped = overLimit;
      kept = overLimit ? new byte[0] : bytes;
      keptLength = overLimit ? 0 : length;
      bytes = null;
    }
    exchange.onRequestBody(kept, keptLength, dropped);
  }
}
