package dev.genaiwatch.processor.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client CA bundle for mutual TLS, re-read when its file changes (as {@link
 * ReloadingKeyManager}).
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
  private final ReloadedFromFiles<X509ExtendedTrustManager> ca;

  ReloadingTrustManager(Path caFile, long intervalMillis) {
    this.ca =
        new ReloadedFromFiles<>(
            "TLS client CA",
            intervalMillis,
            () ->
                PemFiles.trustManager(
                    PemFiles.certificates("tls.client.ca.file", caFile),
                    "tls.client.ca.file " + caFile),
            caFile);
  }

  private X509ExtendedTrustManager manager() {
    return ca.get();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    manager().checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    manager().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    manager().checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    manager().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    manager().checkClientTrusted(chain, authType);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    manager().checkServerTrusted(chain, authType);
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return manager().getAcceptedIssuers();
  }
}
