package dev.genaiwatch.instrumentation.apachehttp;

import dev.genaiwatch.core.wire.WireExchange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * The response entity as the network delivered it, whose content shows the {@link WireExchange}
 * each run of bytes right after the application read it: the same bytes, read once, in the same
 * order, as fast as the application reads them (so a stream is parsed event by event and TTFT is
 * the first chunk's arrival in the application). Ends the exchange at end of stream, on a read
 * failure, or when the application closes the content or the response before the end.
 */
final class ObservingResponseEntity extends HttpEntityWrapper {
  private final WireExchange exchange;
  private final AtomicBoolean ended = new AtomicBoolean();
  private ObservingStream content;

  ObservingResponseEntity(HttpEntity delegate, WireExchange exchange) {
    super(delegate);
    this.exchange = exchange;
  }

  /**
   * The network's one content stream, observed; the same stream on every call. A repeatable entity
   * (a cached response) gives later readers fresh, unobserved streams.
   */
  @Override
  public synchronized InputStream getContent() throws IOException {
    if (content != null && isRepeatable()) {
      return super.getContent();
    }
    if (content == null) {
      content = new ObservingStream(super.getContent(), super.getContentLength());
    }
    return content;
  }

  /** Through the observed stream, so that bytes written out are seen too. */
  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (InputStream in = getContent()) {
      in.transferTo(out);
    }
  }

  /** {@code CloseableHttpResponse.close()} closes the entity, read to the end or not. */
  @Override
  public void close() throws IOException {
    end(false);
    super.close();
  }

  private void end(boolean complete) {
    if (ended.compareAndSet(false, true)) {
      ApacheHttpClientHooks.safely(complete ? exchange::onComplete : exchange::onClose);
    }
  }

  private final class ObservingStream extends FilterInputStream {
    private final long contentLength;
    private long seen;

    ObservingStream(InputStream in, long contentLength) {
      super(in);
      this.contentLength = contentLength;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      int n;
      try {
        n = super.read(bytes, offset, length);
      } catch (IOException | RuntimeException | Error e) {
        if (ended.compareAndSet(false, true)) {
          ApacheHttpClientHooks.safely(() -> exchange.onError(e));
        }
        throw e;
      }
      if (n < 0) {
        end(true);
      } else if (n > 0 && !ended.get()) {
        seen += n;
        ApacheHttpClientHooks.safely(() -> exchange.onBytes(bytes, offset, n));
      }
      return n;
    }

    /**
     * Readers of a sized body (a JSON parser) often stop at its last byte without asking for more.
     */
    @Override
    public void close() throws IOException {
      end(contentLength >= 0 && seen >= contentLength);
      super.close();
    }
  }
}
