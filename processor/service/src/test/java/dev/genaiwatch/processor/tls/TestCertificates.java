package dev.genaiwatch.processor.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made in the test, issuing server and client certificates as PEM files.
 */
public final class TestCertificates {
  private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

  /** A certificate and its key as files, plus the CA file that verifies it. */
  public record Issued(Path cert, Path key, Path ca) {}

  private final String name;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path caFile;
  private final Path dir;

  private TestCertificates(
      String name, KeyPair keys, X509Certificate certificate, Path caFile, Path dir) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
    this.caFile = caFile;
    this.dir = dir;
  }

  /** A new CA; its certificate is written to {@code <dir>/<name>-ca.pem}. */
  public static TestCertificates authority(Path dir, String name) throws Exception {
    KeyPair keys = rsa();
    X500Name subject = new X500Name("CN=" + name + " test CA");
    X509v3CertificateBuilder builder = builder(subject, subject, keys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    builder.addExtension(
        Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    X509Certificate certificate = signWith(builder, keys);
    Path caFile = dir.resolve(name + "-ca.pem");
    Files.writeString(caFile, pem(certificate));
    return new TestCertificates(name, keys, certificate, caFile, dir);
  }

  /** A certificate for {@code 127.0.0.1} and {@code localhost}, usable by a server or a client. */
  public Issued issue(String commonName) throws Exception {
    KeyPair leafKeys = rsa();
    X509v3CertificateBuilder builder =
        builder(
            new X500Name("CN=" + name + " test CA"), new X500Name("CN=" + commonName), leafKeys);
    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
              new GeneralName(GeneralName.dNSName, "localhost")
            }));
    X509Certificate leaf = signWith(builder, keys);
    Path cert = dir.resolve(name + "-" + commonName + ".pem");
    Path key = dir.resolve(name + "-" + commonName + "-key.pem");
    Files.writeString(cert, pem(leaf));
    StringWriter keyPem = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(keyPem)) {
      writer.writeObject(new JcaPKCS8Generator(leafKeys.getPrivate(), null));
    }
    Files.writeString(key, keyPem.toString());
    return new Issued(cert, key, caFile);
  }

  public Path caFile() {
    return caFile;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  private static KeyPair rsa() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, KeyPair subjectKeys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        BigInteger.valueOf(SERIAL.incrementAndGet()),
        Date.from(now.minus(1, ChronoUnit.DAYS)),
        Date.from(now.plus(1, ChronoUnit.DAYS)),
        subject,
        subjectKeys.getPublic());
  }

  private static X509Certificate signWith(X509v3CertificateBuilder builder, KeyPair issuerKeys)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(
                new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
  }

  private static String pem(X509Certificate certificate) throws IOException {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(certificate);
    }
    return out.toString();
  }
}
