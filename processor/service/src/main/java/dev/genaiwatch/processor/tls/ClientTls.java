package dev.genaiwatch.processor.tls;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS to the downstream, used when its endpoint is {@code https://}: the system's trusted CAs
 * unless {@code downstream.tls.ca.file} names a PEM bundle; a client certificate for mutual TLS
 * from {@code downstream.tls.cert.file} + {@code downstream.tls.key.file}; {@code
 * downstream.tls.insecure_skip_verify} turns verification of the server's certificate and name off
 * and is never implied.
 */
public final class ClientTls {
  private final File ca;
  private final File cert;
  private final File key;
  private final boolean insecure;

  private ClientTls(File ca, File cert, File key, boolean insecure) {
    this.ca = ca;
    this.cert = cert;
    this.key = key;
    this.insecure = insecure;
  }

  public static ClientTls of(
      String caFile, String certFile, String keyFile, boolean insecureSkipVerify) {
    if (certFile.isEmpty() != keyFile.isEmpty()) {
      throw new IllegalArgumentException(
          "downstream.tls.cert.file and downstream.tls.key.file go together");
    }
    if (insecureSkipVerify && !caFile.isEmpty()) {
      throw new IllegalArgumentException(
          "downstream.tls.ca.file and downstream.tls.insecure_skip_verify=true"
              + " contradict each other: keep one");
    }
    ClientTls tls =
        new ClientTls(
            caFile.isEmpty() ? null : Pem.readable("downstream.tls.ca.file", caFile),
            certFile.isEmpty() ? null : Pem.readable("downstream.tls.cert.file", certFile),
            keyFile.isEmpty() ? null : Pem.readable("downstream.tls.key.file", keyFile),
            insecureSkipVerify);
    // Built once now so that a bad file stops the start, not the first export.
    tls.grpc();
    tls.jdk();
    return tls;
  }

  /**
   * True when anything beyond the defaults is configured (so a plaintext endpoint with it is a
   * mistake).
   */
  public boolean configured() {
    return ca != null || cert != null || insecure;
  }

  public io.grpc.netty.shaded.io.netty.handler.ssl.SslContext grpc() {
    try {
      var builder = GrpcSslContexts.forClient();
      configure(builder::trustManager, builder::trustManager, builder::keyManager);
      return builder.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS to the downstream: " + Pem.rootMessage(e), e);
    }
  }

  /** For the JDK HTTP client (OTLP/HTTP downstream). */
  public SSLContext jdk() {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
      configure(builder::trustManager, builder::trustManager, builder::keyManager);
      return ((JdkSslContext) builder.build()).context();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot set up TLS to the downstream: " + Pem.rootMessage(e), e);
    }
  }

  /**
   * Gives the trust and key material to a Netty context builder (gRPC's shaded one or the plain
   * one, which share no type) through its {@code trustManager} and {@code keyManager} methods.
   */
  private void configure(
      Consumer<TrustManager> trustManager,
      Consumer<File> trustedCertificates,
      BiConsumer<File, File> keyManager) {
    if (insecure) {
      trustManager.accept(TRUST_ALL);
    } else if (ca != null) {
      trustedCertificates.accept(ca);
    }
    if (cert != null) {
      keyManager.accept(cert, key);
    }
  }

  public boolean insecure() {
    return insecure;
  }

  // Extended, so that the JDK does not add its own host name check around it: insecure means
  // insecure.
  private static final X509ExtendedTrustManager TRUST_ALL =
      new X509ExtendedTrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(
            X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(
            X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };
}
