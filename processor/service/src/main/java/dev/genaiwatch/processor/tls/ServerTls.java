package dev.genaiwatch.processor.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import javax.net.ssl.SSLException;

/**
 * TLS on the receivers (OTLP/gRPC, and OTLP/HTTP with the API and /metrics): a PEM certificate
 * chain and its PKCS#8 PEM key ({@code tls.cert.file}, {@code tls.key.file}); with {@code
 * tls.client.ca.file}, clients must present a certificate signed by that CA (mutual TLS). Files are
 * read and checked at start, so a wrong path or a key that does not match stops the processor with
 * a message instead of failing every handshake. The files are re-read when they change ({@code
 * tls.reload.interval.ms}), so renewed certificates need no restart.
 */
public final class ServerTls {
  private final SslContext http;
  private final io.grpc.netty.shaded.io.netty.handler.ssl.SslContext grpc;

  private ServerTls(SslContext http, io.grpc.netty.shaded.io.netty.handler.ssl.SslContext grpc) {
    this.http = http;
    this.grpc = grpc;
  }

  /** Null when no certificate is configured (plaintext receivers). */
  public static ServerTls of(String certFile, String keyFile, String clientCaFile) {
    return of(certFile, keyFile, clientCaFile, 10_000);
  }

  /**
   * {@code reloadMillis}: how often, at most, the files are checked for a change on a handshake (0:
   * never).
   */
  public static ServerTls of(
      String certFile, String keyFile, String clientCaFile, long reloadMillis) {
    if (certFile.isEmpty() && keyFile.isEmpty()) {
      if (!clientCaFile.isEmpty()) {
        throw new IllegalArgumentException(
            "tls.client.ca.file needs tls.cert.file and tls.key.file");
      }
      return null;
    }
    if (certFile.isEmpty() || keyFile.isEmpty()) {
      throw new IllegalArgumentException(
          "tls.cert.file and tls.key.file go together (one is empty)");
    }
    File cert = Pem.readable("tls.cert.file", certFile);
    File key = Pem.readable("tls.key.file", keyFile);
    File ca = clientCaFile.isEmpty() ? null : Pem.readable("tls.client.ca.file", clientCaFile);
    // One key manager (and trust manager) shared by both receivers; each re-reads its files when
    // they change.
    ReloadingKeyManager keys = new ReloadingKeyManager(cert.toPath(), key.toPath(), reloadMillis);
    ReloadingTrustManager clients =
        ca == null ? null : new ReloadingTrustManager(ca.toPath(), reloadMillis);
    try {
      SslContextBuilder http = SslContextBuilder.forServer(keys);
      var grpc =
          GrpcSslContexts.configure(
              io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder.forServer(keys));
      if (clients != null) {
        http.trustManager(clients).clientAuth(ClientAuth.REQUIRE);
        grpc.trustManager(clients)
            .clientAuth(io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.REQUIRE);
      }
      return new ServerTls(http.build(), grpc.build());
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot use tls.cert.file "
              + certFile
              + " with tls.key.file "
              + keyFile
              + (ca == null ? "" : " and tls.client.ca.file " + clientCaFile)
              + " (PEM certificate chain, PKCS#8 PEM key): "
              + Pem.rootMessage(e),
          e);
    }
  }

  public SslContext http() {
    return http;
  }

  public io.grpc.netty.shaded.io.netty.handler.ssl.SslContext grpc() {
    return grpc;
  }
}
