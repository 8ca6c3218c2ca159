package dev.genaiwatch.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/** Posts raw bodies with the JDK HttpClient, as an OTLP/HTTP exporter would. */
final class HttpExports {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HttpExports() {}

  static HttpResponse<byte[]> post(
      OtlpReceiver receiver, Signal signal, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri(receiver, signal.httpPath()))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  static HttpResponse<byte[]> postGzipped(
      OtlpReceiver receiver, Signal signal, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri(receiver, signal.httpPath()))
            .header("Content-Type", contentType)
            .header("Content-Encoding", "gzip")
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(body))));
  }

  static HttpResponse<byte[]> send(HttpRequest.Builder request) {
    try {
      return CLIENT.send(
          request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static URI uri(OtlpReceiver receiver, String path) {
    return URI.create(receiver.httpEndpoint() + path);
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
