package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaiwatch.processor.forward.Forwarder;
import dev.genaiwatch.processor.tls.ClientTls;
import dev.genaiwatch.processor.tls.TestCertificates;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS in (both receivers, with and without client certificates) and out (both protocols),
 * certificates made here.
 */
class TlsTest {
  @TempDir Path dir;
  private TestCertificates ca;
  private TestCertificates otherCa;
  private TestCertificates.Issued server;

  @BeforeEach
  void certificates() throws Exception {
    ca = TestCertificates.authority(dir, "good");
    otherCa = TestCertificates.authority(dir, "other");
    server = ca.issue("processor");
  }

  private Map<String, String> tlsReceivers(String... more) {
    Map<String, String> settings =
        new HashMap<>(
            Map.of(
                "tls.cert.file",
                server.cert().toString(),
                "tls.key.file",
                server.key().toString()));
    for (int i = 0; i < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return settings;
  }

  private static SSLContext trusting(Path caFile) {
    return ClientTls.of(caFile.toString(), "", "", false).jdk();
  }

  private static HttpResponse<String> httpsGet(TestProcessor p, SSLContext ssl, String path)
      throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
    return client.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + p.processor.httpPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theHttpReceiverServesTlsWithTheConfiguredCertificate() throws Exception {
    try (TestProcessor p = TestProcessor.start(dir.resolve("data"), tlsReceivers())) {
      assertThat(httpsGet(p, trusting(ca.caFile()), "/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theGrpcReceiverServesTlsWithTheConfiguredCertificate() throws Exception {
    try (TestProcessor p = TestProcessor.start(dir.resolve("data"), tlsReceivers())) {
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", p.processor.grpcPort())
              .sslContext(GrpcSslContexts.forClient().trustManager(ca.caFile().toFile()).build())
              .build();
      exportOnce(channel, "over tls");
      assertThat(
              p.client.metricOver(
                  httpsGetter(p), "genai_watch_processor_received_total{signal=\"spans\"}"))
          .isEqualTo(1);
    }
  }

  private Function<String, String> httpsGetter(TestProcessor p) {
    SSLContext ssl = trusting(ca.caFile());
    return path -> {
      try {
        return httpsGet(p, ssl, path).body();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    };
  }

  @Test
  void aClientThatTrustsAnotherCaFailsTheHandshake() throws Exception {
    try (TestProcessor p = TestProcessor.start(dir.resolve("data"), tlsReceivers())) {
      assertThatThrownBy(() -> httpsGet(p, trusting(otherCa.caFile()), "/healthz"))
          .isInstanceOf(SSLHandshakeException.class);
    }
  }

  @Test
  void withAClientCaOnlyClientsWithACertificateFromItAreServed() throws Exception {
    TestCertificates.Issued client = ca.issue("agent");
    TestCertificates.Issued stranger = otherCa.issue("stranger");
    try (TestProcessor p =
        TestProcessor.start(
            dir.resolve("data"), tlsReceivers("tls.client.ca.file", ca.caFile().toString()))) {
      assertThat(httpsGet(p, presenting(client), "/healthz").statusCode()).isEqualTo(200);
      assertThatThrownBy(() -> httpsGet(p, trusting(ca.caFile()), "/healthz"))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> httpsGet(p, presenting(stranger), "/healthz"))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void forwardsOverTlsToADownstreamThatACustomCaVouchesFor() throws Exception {
    for (String protocol : List.of("grpc", "http/protobuf")) {
      try (TestProcessor downstream =
              TestProcessor.start(dir.resolve("down-" + protocol.charAt(0)), tlsReceivers());
          TestProcessor p =
              TestProcessor.start(
                  dir.resolve("up-" + protocol.charAt(0)),
                  Map.of(
                      "downstream.endpoint",
                      "https://127.0.0.1:"
                          + (protocol.equals("grpc")
                              ? downstream.processor.grpcPort()
                              : downstream.processor.httpPort()),
                      "downstream.protocol",
                      protocol,
                      "downstream.tls.ca.file",
                      ca.caFile().toString()))) {
        p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a")));
        TestProcessor.await(
            protocol + " spans to arrive over TLS",
            () ->
                downstream.client.metricOver(
                        httpsGetter(downstream),
                        "genai_watch_processor_received_total{signal=\"spans\"}")
                    == 1);
      }
    }
  }

  @Test
  void aDownstreamCertificateFromAnotherCaFailsWithAMessageThatSaysSo() throws Exception {
    List<String> warnings = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            warnings.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger forwarder = Logger.getLogger(Forwarder.class.getName());
    forwarder.addHandler(capture);
    try (TestProcessor downstream = TestProcessor.start(dir.resolve("down"), tlsReceivers());
        TestProcessor p =
            TestProcessor.start(
                dir.resolve("up"),
                Map.of(
                    "downstream.endpoint",
                    "https://127.0.0.1:" + downstream.processor.grpcPort(),
                    "downstream.tls.ca.file",
                    otherCa.caFile().toString(),
                    "queue.type",
                    "memory",
                    "downstream.max.attempts",
                    "1"))) {
      p.client.postTraces(GenAiCalls.request("shop", GenAiCalls.plain("a")));
      p.awaitDroppedSpans(1);
      // The forwarder counts the drop, then logs it: wait for the line too.
      TestProcessor.await("the drop to be logged", () -> !warnings.isEmpty());
      assertThat(warnings)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("https://127.0.0.1")
                      .containsIgnoringCase("certification path"));
    } finally {
      forwarder.removeHandler(capture);
    }
  }

  @Test
  void tlsSettingsOnAPlaintextDownstreamStopTheStart() {
    assertThatThrownBy(
            () ->
                Processor.start(
                    ProcessorConfig.of(
                        new Properties(),
                        Map.of(
                            "GENAI_WATCH_PROCESSOR_DOWNSTREAM_ENDPOINT", "http://127.0.0.1:4317",
                            "GENAI_WATCH_PROCESSOR_DOWNSTREAM_TLS_CA_FILE", ca.caFile().toString(),
                            "GENAI_WATCH_PROCESSOR_DATA_DIR", ""))))
        .hasMessageContaining("is not https://");
  }

  @Test
  void aMissingKeyFileStopsTheStartNamingTheSetting() {
    assertTheStartFailsWithKey(dir.resolve("nope.pem"), "tls.key.file: cannot read");
  }

  @Test
  void aKeyThatDoesNotBelongToTheCertificateStopsTheStart() throws Exception {
    TestCertificates.Issued another = ca.issue("another");
    assertTheStartFailsWithKey(another.key(), "the key does not belong to the certificate");
  }

  /** Exports one span named {@code spanName} over {@code channel}, then closes it. */
  private static void exportOnce(ManagedChannel channel, String spanName) {
    try {
      TraceServiceGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .export(GenAiCalls.request("shop", GenAiCalls.plain(spanName)));
    } finally {
      channel.shutdownNow();
    }
  }

  /** A processor serving the server certificate with {@code key} does not start, saying why. */
  private void assertTheStartFailsWithKey(Path key, String message) {
    assertThatThrownBy(
            () ->
                TestProcessor.start(
                    dir.resolve("data"),
                    Map.of(
                        "tls.cert.file", server.cert().toString(), "tls.key.file", key.toString())))
        .rootCause()
        .hasMessageContaining(message);
  }

  @Test
  void aRenewedCertificateIsServedWithoutARestartOnBothReceivers() throws Exception {
    Path cert = Files.copy(server.cert(), dir.resolve("live-cert.pem"));
    Path key = Files.copy(server.key(), dir.resolve("live-key.pem"));
    try (TestProcessor p =
        TestProcessor.start(
            dir.resolve("data"),
            Map.of(
                "tls.cert.file",
                cert.toString(),
                "tls.key.file",
                key.toString(),
                "tls.reload.interval.ms",
                "50"))) {
      assertThat(httpsGet(p, trusting(ca.caFile()), "/healthz").statusCode()).isEqualTo(200);
      TestCertificates.Issued renewed = otherCa.issue("processor");
      Files.copy(renewed.key(), key, StandardCopyOption.REPLACE_EXISTING);
      Files.copy(renewed.cert(), cert, StandardCopyOption.REPLACE_EXISTING);
      // Make the change visible even on a file system with coarse modification times.
      FileTime later = FileTime.fromMillis(System.currentTimeMillis() + 5_000);
      Files.setLastModifiedTime(cert, later);
      Files.setLastModifiedTime(key, later);
      SSLContext renewedTrust = trusting(otherCa.caFile());
      TestProcessor.await(
          "the renewed certificate on HTTP",
          () -> {
            try {
              return httpsGet(p, renewedTrust, "/healthz").statusCode() == 200;
            } catch (Exception e) {
              return false;
            }
          });
      ManagedChannel channel =
          NettyChannelBuilder.forAddress("127.0.0.1", p.processor.grpcPort())
              .sslContext(
                  GrpcSslContexts.forClient().trustManager(otherCa.caFile().toFile()).build())
              .build();
      exportOnce(channel, "after renewal");
    }
  }

  /** A client context trusting {@code ca} and presenting {@code certificate}. */
  private SSLContext presenting(TestCertificates.Issued certificate) {
    return ClientTls.of(
            ca.caFile().toString(),
            certificate.cert().toString(),
            certificate.key().toString(),
            false)
        .jdk();
  }
}
