package dev.genaiwatch.processor.tls;

import java.net.Socket;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server's certificate and key, re-read when either file changes (see {@link
 * ReloadedFromFiles}), so a renewed certificate is served without a restart.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private final ReloadedFromFiles<X509ExtendedKeyManager> pair;

  ReloadingKeyManager(Path certFile, Path keyFile, long intervalMillis) {
    this.pair =
        new ReloadedFromFiles<>(
            "TLS certificate",
            intervalMillis,
            () ->
                PemFiles.keyManager(
                    PemFiles.certificates("tls.cert.file", certFile),
                    PemFiles.privateKey("tls.key.file", keyFile),
                    "tls.cert.file " + certFile + " with tls.key.file " + keyFile),
            certFile,
            keyFile);
  }

  private X509ExtendedKeyManager manager() {
    return pair.get();
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
    return pair.current().getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return pair.current().getPrivateKey(alias);
  }
}
