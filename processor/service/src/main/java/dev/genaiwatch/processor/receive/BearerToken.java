package dev.genaiwatch.processor.receive;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The optional shared secret senders and API callers present as {@code Authorization: Bearer
 * <token>}.
 */
public final class BearerToken {
  private final byte[] expected;

  private BearerToken(String tokenOrNull) {
    this.expected =
        tokenOrNull == null ? null : ("Bearer " + tokenOrNull).getBytes(StandardCharsets.UTF_8);
  }

  public static BearerToken of(String tokenOrBlank) {
    return new BearerToken(
        tokenOrBlank == null || tokenOrBlank.isBlank() ? null : tokenOrBlank.strip());
  }

  public boolean required() {
    return expected != null;
  }

  /** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
  public boolean accepts(String authorizationHeaderOrNull) {
    if (expected == null) {
      return true;
    }
    if (authorizationHeaderOrNull == null) {
      return false;
    }
    return MessageDigest.isEqual(
        expected, authorizationHeaderOrNull.strip().getBytes(StandardCharsets.UTF_8));
  }
}
