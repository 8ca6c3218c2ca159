package dev.genaiwatch.processor.drift;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Text with what varies between fillings of one template taken out: runs of whitespace become one
 * space, and numbers, UUIDs and long hexadecimal ids become {@code 0}. Two prompts that differ only
 * in an order number or a request id are then one cache entry, and two system instructions that
 * differ only in today's date are one template.
 */
final class NormalisedText {
  private static final Pattern UUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  // A hex run of 8+ characters with at least one digit: ids and hashes, not words like "deadbeef".
  private static final Pattern HEX_ID = Pattern.compile("\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,:/-]\\d+)*");
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private NormalisedText() {}

  static String of(String text) {
    String out = UUID.matcher(text).replaceAll("0");
    out = HEX_ID.matcher(out).replaceAll("0");
    out = NUMBER.matcher(out).replaceAll("0");
    return WHITESPACE.matcher(out).replaceAll(" ").strip();
  }

  /** The first 8 hex characters of the SHA-256 of the normalised text. */
  static String fingerprint(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(of(text).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
