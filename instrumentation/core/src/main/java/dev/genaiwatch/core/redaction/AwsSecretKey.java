package dev.genaiwatch.core.redaction;

import java.util.regex.Pattern;

/**
 * A bare AWS secret access key: exactly 40 characters of base64 ({@code A-Z a-z 0-9 / +}), mixing
 * upper- and lower-case letters, with one of its context words ({@code secret}, {@code aws}, 密钥) at
 * most 160 characters before or 40 after it. The format alone is shared with many hashes and ids;
 * the words are what make it a key (a git SHA-1 is 40 characters too, but lower-case hex only).
 */
final class AwsSecretKey {
  static final NearbyWords CONTEXT = new NearbyWords(160, 40, "secret", "aws", "密钥", "秘钥");

  private AwsSecretKey() {}

  static PatternRule rule() {
    return new PatternRule(
            "aws_secret_key",
            "AWS_SECRET_KEY",
            CONTEXT.words(),
            Pattern.compile("(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
            AwsSecretKey::looksRandom)
        .startingWhere(AwsSecretKey::mayStartAt)
        .atWordStarts()
        .when(CONTEXT::accepts);
  }

  /** A base64 character after a non-base64 one, starting a run of exactly 40. */
  private static boolean mayStartAt(String text, int i) {
    if (!isBase64(text.charAt(i)) || i > 0 && isBase64(text.charAt(i - 1))) {
      return false;
    }
    int end = i + 40;
    if (end > text.length()) {
      return false;
    }
    for (int j = i + 1; j < end; j++) {
      if (!isBase64(text.charAt(j))) {
        return false;
      }
    }
    return end == text.length() || !isBase64(text.charAt(end));
  }

  private static boolean isBase64(char c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '/'
        || c == '+';
  }

  /**
   * Both letter cases and a digit or symbol: hex digests, words and paths do not mix all of these.
   */
  static boolean looksRandom(String value) {
    boolean upper = false;
    boolean lower = false;
    boolean other = false;
    int slashes = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
      other |= c >= '0' && c <= '9' || c == '+';
      slashes += c == '/' ? 1 : 0;
    }
    // A path such as src/main/java/dev/genaiwatch/core/Main is base64-shaped; a key has few
    // slashes.
    return upper && lower && (other || slashes > 0) && slashes <= 4;
  }
}
