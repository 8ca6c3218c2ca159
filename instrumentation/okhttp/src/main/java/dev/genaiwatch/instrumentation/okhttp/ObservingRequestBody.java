package dev.genaiwatch.instrumentation.okhttp;

import dev.genaiwatch.core.wire.WireExchange;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.Buffer;
import okio.BufferedSink;
import okio.ForwardingSink;
import okio.Okio;

/**
 * The application's request body, observed as OkHttp writes it for the real send: every run of
 * bytes the body writes is copied (up to the exchange's limit) on its way to OkHttp's sink, and the
 * exchange reads the request once the body has been written completely. The body is written exactly
 * as often as OkHttp writes it, never once more by genai-watch, so a body that can be read only
 * once (a stream, a pipe) reaches the server whole even when it does not declare itself one-shot.
 * Length, content type, one-shot and duplex are the application's body's. Only the first complete
 * write is shown to the exchange (OkHttp writes a repeatable body again on retries).
 */
final class ObservingRequestBody extends RequestBody {
  private final RequestBody delegate;
  private final WireExchange exchange;
  private final int limit;
  private volatile boolean reported;

  ObservingRequestBody(RequestBody delegate, WireExchange exchange) {
    this.delegate = delegate;
    this.exchange = exchange;
    this.limit = exchange.requestBodyLimit();
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() throws IOException {
    return delegate.contentLength();
  }

  @Override
  public boolean isOneShot() {
    return delegate.isOneShot();
  }

  @Override
  public boolean isDuplex() {
    return delegate.isDuplex();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    if (reported) {
      delegate.writeTo(sink);
      return;
    }
    CopyingSink copying = new CopyingSink(sink, limit);
    BufferedSink observed = Okio.buffer(copying);
    delegate.writeTo(observed);
    // Hand the rest to OkHttp's sink, which OkHttp itself flushes and closes as it would have
    // without us (a body
    // that closed the sink itself has already handed everything on).
    if (observed.isOpen()) {
      observed.emit();
    }
    if (!reported) {
      reported = true;
      OkHttpHooks.safely(
          () -> {
            byte[] bytes = copying.overLimit ? new byte[0] : copying.bytes();
            exchange.onRequestBody(bytes, bytes.length, copying.overLimit);
          });
    }
  }

  /** Passes every write on unchanged, keeping a copy of the first {@code limit} bytes. */
  private static final class CopyingSink extends ForwardingSink {
    private final int limit;
    private final Buffer copy = new Buffer();
    boolean overLimit;

    CopyingSink(BufferedSink delegate, int limit) {
      super(delegate);
      this.limit = limit;
    }

    @Override
    public void write(Buffer source, long byteCount) throws IOException {
      if (!overLimit) {
        try {
          if (copy.size() + byteCount > limit) {
            overLimit = true;
            copy.clear();
          } else {
            // Shares the source's segments without consuming them: OkHttp's sink takes the bytes
            // next.
            source.copyTo(copy, 0, byteCount);
          }
        } catch (RuntimeException e) {
          OkHttpHooks.swallowed(e);
          overLimit = true;
          copy.clear();
        }
      }
      super.write(source, byteCount);
    }

    byte[] bytes() {
      return copy.readByteArray();
    }
  }
}
