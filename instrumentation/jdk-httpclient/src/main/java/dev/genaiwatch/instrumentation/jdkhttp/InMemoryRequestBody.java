package dev.genaiwatch.instrumentation.jdkhttp;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * The request body, when the application built it with {@code BodyPublishers.ofString} or {@code
 * ofByteArray}: those publishers hold the bytes in memory and hand out a fresh copy to every
 * subscriber (the JDK itself re-subscribes on redirects and retries), and deliver synchronously.
 * Any other publisher (a file, an input stream, a custom one) may have side effects when
 * subscribed, so it is never touched: the call then gets a span without the request-side
 * attributes.
 */
final class InMemoryRequestBody {
  private static final Set<String> REPLAYABLE =
      Set.of(
          "jdk.internal.net.http.RequestPublishers$ByteArrayPublisher",
          "jdk.internal.net.http.RequestPublishers$StringPublisher");
  private static final long MAX_BYTES = 16L << 20;

  private InMemoryRequestBody() {}

  static byte[] read(HttpRequest request) {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    if (publisher.isEmpty() || !REPLAYABLE.contains(publisher.get().getClass().getName())) {
      return null;
    }
    long length = publisher.get().contentLength();
    if (length < 0 || length > MAX_BYTES) {
      return null;
    }
    Collector collector = new Collector((int) length);
    publisher.get().subscribe(collector);
    return collector.complete ? collector.bytes.toByteArray() : null;
  }

  private static final class Collector implements Flow.Subscriber<ByteBuffer> {
    final ByteArrayOutputStream bytes;
    boolean complete;

    Collector(int length) {
      bytes = new ByteArrayOutputStream(length);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(ByteBuffer item) {
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      bytes.write(chunk, 0, chunk.length);
    }

    @Override
    public void onError(Throwable throwable) {
      complete = false;
    }

    @Override
    public void onComplete() {
      complete = true;
    }
  }
}
