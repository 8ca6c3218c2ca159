package dev.genaiwatch.instrumentation.apachehttp;

import dev.genaiwatch.core.wire.RequestBodyCopy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * The application's request producer, observed as it produces for the real send: the bytes the
 * connection accepts from each write are copied (up to the exchange's limit) and the exchange reads
 * the request when the producer ends its stream. Nothing is produced by genai-watch, so a producer
 * that can produce only once reaches the server whole. Everything else is the application's
 * producer's.
 */
final class ObservingEntityProducer implements AsyncEntityProducer {
  private final AsyncEntityProducer delegate;
  private final RequestBodyCopy copy;

  ObservingEntityProducer(AsyncEntityProducer delegate, RequestBodyCopy copy) {
    this.delegate = delegate;
    this.copy = copy;
  }

  @Override
  public void produce(DataStreamChannel channel) throws IOException {
    delegate.produce(new CopyingChannel(channel));
  }

  @Override
  public boolean isRepeatable() {
    return delegate.isRepeatable();
  }

  @Override
  public void failed(Exception cause) {
    delegate.failed(cause);
  }

  @Override
  public int available() {
    return delegate.available();
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }

  @Override
  public long getContentLength() {
    return delegate.getContentLength();
  }

  @Override
  public String getContentType() {
    return delegate.getContentType();
  }

  @Override
  public String getContentEncoding() {
    return delegate.getContentEncoding();
  }

  @Override
  public boolean isChunked() {
    return delegate.isChunked();
  }

  @Override
  public Set<String> getTrailerNames() {
    return delegate.getTrailerNames();
  }

  /** Passes every write on unchanged, showing the accepted bytes to the copy. */
  private final class CopyingChannel implements DataStreamChannel {
    private final DataStreamChannel channel;

    CopyingChannel(DataStreamChannel channel) {
      this.channel = channel;
    }

    @Override
    public void requestOutput() {
      channel.requestOutput();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      ByteBuffer view = src.duplicate();
      int written = channel.write(src);
      if (written > 0) {
        view.limit(view.position() + written);
        ApacheHttpClientHooks.safely(() -> copy.add(view));
      }
      return written;
    }

    @Override
    public void endStream(List<? extends Header> trailers) throws IOException {
      ApacheHttpClientHooks.safely(copy::complete);
      channel.endStream(trailers);
    }

    @Override
    public void endStream() throws IOException {
      ApacheHttpClientHooks.safely(copy::complete);
      channel.endStream();
    }
  }
}
