package dev.genaiwatch.evaluation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * Least-recently-used verdicts keyed by the SHA-256 of everything the verdict depends on, so the
 * same answer to the same question (retries, load tests, popular prompts) is judged once.
 */
final class VerdictCache {

  private final Map<String, JudgeVerdict> entries;

  VerdictCache(int capacity) {
    this.entries = new EvictingMap<>(16, capacity, true);
  }

  synchronized JudgeVerdict get(String key) {
    return entries.get(key);
  }

  synchronized void put(String key, JudgeVerdict verdict) {
    entries.put(key, verdict);
  }

  /** Length-prefixed parts, so ("ab","c") and ("a","bc") differ. */
  static String key(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String p : parts) {
        byte[] bytes = (p == null ? "" : p).getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        sha.update(bytes);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }
}
