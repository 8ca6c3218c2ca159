package dev.genaiwatch.instrumentation.okhttp;

import dev.genaiwatch.core.wire.WireExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;

/**
 * The response body as the network delivered it, with a source that shows the {@link WireExchange}
 * each run of bytes right after it was read into the application's buffer: the same bytes, read
 * once, in the same order, as fast as the application reads them (so a stream is parsed event by
 * event and TTFT is the first chunk's arrival in the application). Ends the exchange at end of
 * stream, on a read failure, or when the application closes the body or cancels the call before the
 * end.
 */
final class ObservingResponseBody extends ResponseBody {
  private final ResponseBody delegate;
  private final BufferedSource source;

  ObservingResponseBody(ResponseBody delegate, WireExchange exchange, Call call) {
    this.delegate = delegate;
    this.source =
        Okio.buffer(
            new ObservingSource(delegate.source(), exchange, call, delegate.contentLength()));
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public BufferedSource source() {
    return source;
  }

  static final class ObservingSource extends ForwardingSource {
    private final WireExchange exchange;
    private final Call call;
    private final long contentLength;
    private final ExchangeOutputStream tee;
    private final AtomicBoolean ended = new AtomicBoolean();
    private long seen;

    ObservingSource(okio.Source delegate, WireExchange exchange, Call call, long contentLength) {
      super(delegate);
      this.exchange = exchange;
      this.call = call;
      this.contentLength = contentLength;
      this.tee = new ExchangeOutputStream(exchange);
    }

    @Override
    public long read(Buffer sink, long byteCount) throws IOException {
      long before = sink.size();
      long read;
      try {
        read = super.read(sink, byteCount);
      } catch (IOException | RuntimeException | Error e) {
        failed(e);
        throw e;
      }
      if (read == -1) {
        if (ended.compareAndSet(false, true)) {
          OkHttpHooks.safely(exchange::onComplete);
        }
      } else if (read > 0 && !ended.get()) {
        seen += read;
        try {
          sink.copyTo(tee, before, read);
        } catch (Throwable t) {
          OkHttpHooks.swallowed(t);
        }
      }
      return read;
    }

    @Override
    public void close() throws IOException {
      if (ended.compareAndSet(false, true)) {
        // Readers of a sized body (a JSON parser) often stop at its last byte without asking for
        // more.
        OkHttpHooks.safely(
            contentLength >= 0 && seen >= contentLength ? exchange::onComplete : exchange::onClose);
      }
      super.close();
    }

    private void failed(Throwable e) {
      if (ended.compareAndSet(false, true)) {
        OkHttpHooks.safely(
            () -> {
              if (OkHttpHooks.cancelledByApplication(call, e)) {
                exchange.onCancel();
              } else {
                exchange.onError(e);
              }
            });
      }
    }
  }

  /**
   * Where {@code Buffer.copyTo} puts the bytes just read: straight into the exchange, nothing kept
   * here.
   */
  static final class ExchangeOutputStream extends OutputStream {
    private final WireExchange exchange;

    ExchangeOutputStream(WireExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public void write(int b) {
      exchange.onBytes(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      exchange.onBytes(bytes, offset, length);
    }
  }
}
