package dev.genaiwatch.processor.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.logging.Logger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's certificate and key, re-read when either file changes (checked at most once per
 * interval, on a handshake), so a renewed certificate is served without a restart. A renewal that
 * cannot be used (half-written files, a key that does not match) keeps the previous pair and logs
 * one line; the next change is tried again.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final Logger LOG = Logger.getLogger(ReloadingKeyManager.class.getName());

  private final Path certFile;
  private final Path keyFile;
  private final long intervalNanos;
  private volatile X509ExtendedKeyManager current;
  private volatile long nextCheck;
  private FileTime certTime;
  private FileTime keyTime;

  ReloadingKeyManager(Path certFile, Path keyFile, long intervalMillis) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.intervalNanos = intervalMillis * 1_000_000L;
    this.certTime = modified(certFile);
    this.keyTime = modified(keyFile);
    this.current = load();
    this.nextCheck = System.nanoTime() + intervalNanos;
  }

  private X509ExtendedKeyManager load() {
    return PemFiles.keyManager(
        PemFiles.certificates("tls.cert.file", certFile),
        PemFiles.privateKey("tls.key.file", keyFile),
        "tls.cert.file " + certFile + " with tls.key.file " + keyFile);
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private X509ExtendedKeyManager manager() {
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
    FileTime cert = modified(certFile);
    FileTime key = modified(keyFile);
    if (cert.equals(certTime) && key.equals(keyTime)) {
      return;
    }
    certTime = cert;
    keyTime = key;
    try {
      current = load();
      LOG.info("[genai-watch-processor] TLS certificate reloaded from " + certFile);
    } catch (RuntimeException e) {
      LOG.warning(
          "[genai-watch-processor] keeping the previous TLS certificate: " + e.getMessage());
    }
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return manager().getClientAliases(keyType, issuers);
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return manager().chooseClientAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return manager().getServerAliases(keyType, issuers);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return manager().chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return manager().chooseEngineServerAlias(keyType, issuers, engine);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
    return manager().chooseEngineClientAlias(keyType, issuers, engine);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return current.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return current.getPrivateKey(alias);
  }
}
