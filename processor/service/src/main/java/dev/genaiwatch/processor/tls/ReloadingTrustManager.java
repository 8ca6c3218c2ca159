package dev.genaiwatch.processor.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client CA bundle for mutual TLS, re-read when its file changes (as {@link
 * ReloadingKeyManager}).
 */
final class ReloadingTrustManager extends X509ExtendedTrustManager {
  private static final Logger LOG = Logger.getLogger(ReloadingTrustManager.class.getName());

  private final Path caFile;
  private final long intervalNanos;
  private volatile X509ExtendedTrustManager current;
  private volatile long nextCheck;
  private FileTime caTime;

  ReloadingTrustManager(Path caFile, long intervalMillis) {
    this.caFile = caFile;
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.caTime = modified();
    this.current = load();
    this.nextCheck = System.nanoTime() + intervalNanos;
  }

  private X509ExtendedTrustManager load() {
    return PemFiles.trustManager(
        PemFiles.certificates("tls.client.ca.file", caFile), "tls.client.ca.file " + caFile);
  }

  private FileTime modified() {
    try {
      return Files.getLastModifiedTime(caFile);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private X509ExtendedTrustManager manager() {
    if (intervalNanos > 0 && System.nanoTime() - nextCheck >= 0) {
      reloadIfChanged();
    }
    return current;
  }

  private synchronized void reloadIfChanged() {
    if (System.nanoTime() - nextCheck < 0) {
      return;
    }
    nextCheck = System.nanoTime() + intervalNanos;
    FileTime time = modified();
    if (time.equals(caTime)) {
      return;
    }
    caTime = time;
    try {
      current = load();
      LOG.info("[genai-watch-processor] TLS client CA reloaded from " + caFile);
    } catch (RuntimeException e) {
      LOG.warning("[genai-watch-processor] keeping the previous TLS client CA: " + e.getMessage());
    }
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
