package dev.genaiwatch.processor.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * PEM certificates and PKCS#8 keys into the JDK's key and trust managers, with messages an operator
 * can act on.
 */
final class PemFiles {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  private static final char[] NO_PASSWORD = new char[0];

  private PemFiles() {}

  static List<X509Certificate> certificates(String key, Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> read =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (read.isEmpty()) {
        throw new IllegalArgumentException(key + ": no PEM certificate in " + file);
      }
      return read.stream().map(c -> (X509Certificate) c).toList();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          key + ": cannot read certificates from " + file + ": " + e.getMessage(), e);
    }
  }

  static PrivateKey privateKey(String key, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException(key + ": cannot read " + file + ": " + e.getMessage(), e);
    }
    Matcher m = PKCS8.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException(
          key
              + ": "
              + file
              + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE"
              + " KEY-----); convert it with: openssl pkcs8 -topk8 -nocrypt -in <key> -out <key.pkcs8.pem>");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Try the next algorithm.
      }
    }
    throw new IllegalArgumentException(
        key + ": the key in " + file + " is not an RSA, EC or EdDSA key");
  }

  /**
   * A key manager for {@code chain} and {@code key}, after checking that the key belongs to the
   * certificate.
   */
  static X509ExtendedKeyManager keyManager(
      List<X509Certificate> chain, PrivateKey key, String what) {
    checkPair(chain.get(0), key, what);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("key", key, NO_PASSWORD, chain.toArray(new X509Certificate[0]));
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, NO_PASSWORD);
      return ofType(factory.getKeyManagers(), X509ExtendedKeyManager.class);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  static X509ExtendedTrustManager trustManager(List<X509Certificate> authorities, String what) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < authorities.size(); i++) {
        store.setCertificateEntry("ca-" + i, authorities.get(i));
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return ofType(factory.getTrustManagers(), X509ExtendedTrustManager.class);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
    }
  }

  /** The manager of {@code type} among those a JDK factory made. */
  private static <T> T ofType(Object[] managers, Class<T> type) {
    for (Object manager : managers) {
      if (type.isInstance(manager)) {
        return type.cast(manager);
      }
    }
    throw new IllegalStateException("the JDK offers no " + type.getSimpleName());
  }

  private static void checkPair(X509Certificate certificate, PrivateKey key, String what) {
    String algorithm =
        switch (key.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          default -> key.getAlgorithm();
        };
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(challenge);
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException(what + ": the key does not belong to the certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          what + ": the key does not belong to the certificate (" + e.getMessage() + ")", e);
    }
  }
}
