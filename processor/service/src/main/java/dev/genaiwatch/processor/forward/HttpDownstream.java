package dev.genaiwatch.processor.forward;

import dev.genaiwatch.processor.pipeline.ExportItem;
import dev.genaiwatch.processor.tls.ClientTls;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** OTLP/HTTP with protobuf bodies to {@code endpoint + /v1/<signal>}. */
public final class HttpDownstream implements Downstream {
  private final String endpoint;
  private final Duration timeout;
  private final String bearerTokenOrNull;
  private final HttpClient client;

  /** {@code https://} endpoints use {@code tlsOrNull}'s settings, or the JDK's trusted CAs. */
  public HttpDownstream(
      String endpoint, Duration timeout, String bearerTokenOrNull, ClientTls tlsOrNull) {
    this.endpoint =
        endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
    this.timeout = timeout;
    this.bearerTokenOrNull = bearerTokenOrNull;
    HttpClient.Builder builder =
        HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1);
    if (tlsOrNull != null && endpoint.regionMatches(true, 0, "https:", 0, 6)) {
      builder.sslContext(tlsOrNull.jdk());
    }
    this.client = builder.build();
  }

  @Override
  public void export(ExportItem item) throws DownstreamException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint + item.signal().httpPath()))
            .timeout(timeout)
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(item.request().toByteArray()));
    if (bearerTokenOrNull != null) {
      request.header("Authorization", "Bearer " + bearerTokenOrNull);
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new DownstreamException("cannot reach " + endpoint + ": " + e, true, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DownstreamException("interrupted while exporting to " + endpoint, true, e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    // OTLP/HTTP: 429, 502, 503 and 504 are the retryable ones.
    boolean retryable = status == 429 || status == 502 || status == 503 || status == 504;
    throw new DownstreamException(
        "HTTP "
            + status
            + " from "
            + endpoint
            + item.signal().httpPath()
            + ": "
            + abbreviate(response.body()),
        retryable,
        null);
  }

  private static String abbreviate(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  @Override
  public String describe() {
    return "http/protobuf " + endpoint;
  }

  @Override
  public void close() {
    // The JDK client frees its resources when unreachable; nothing is pending once the worker
    // stopped.
  }
}
