package dev.genaiwatch.instrumentation.apachehttp;

import dev.genaiwatch.core.wire.RequestBodyCopy;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * The application's request entity, observed as HttpClient writes it for the real send: every run
 * of bytes it writes is copied (up to the exchange's limit) on its way to the connection, and the
 * exchange reads the request once the entity has been written completely. The entity is written
 * exactly as often as HttpClient writes it, never once more by genai-watch, so an entity that can
 * be read only once (an {@code InputStreamEntity}) reaches the server whole. Length, type,
 * repeatability and streaming are the application's entity's.
 */
final class ObservingRequestEntity extends HttpEntityWrapper {
  private final RequestBodyCopy copy;

  ObservingRequestEntity(HttpEntity delegate, RequestBodyCopy copy) {
    super(delegate);
    this.copy = copy;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    super.writeTo(new CopyingOutputStream(out, copy));
    ApacheHttpClientHooks.safely(copy::complete);
  }

  /** Passes every write on unchanged, showing it to the copy first. */
  private static final class CopyingOutputStream extends FilterOutputStream {
    private final RequestBodyCopy copy;

    CopyingOutputStream(OutputStream out, RequestBodyCopy copy) {
      super(out);
      this.copy = copy;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      ApacheHttpClientHooks.safely(() -> copy.add(bytes, offset, length));
      out.write(bytes, offset, length);
    }

    /** The connection's stream stays open: HttpClient closes it, as it would have without us. */
    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
