package dev.genaiwatch.simulator;

import java.nio.charset.StandardCharsets;

/**
 * Stable 64-bit hashing. {@link String#hashCode()} is too weak to seed generators (similar prompts
 * would get correlated outputs), and {@link java.util.Objects#hash} is not specified to be stable,
 * while simulator output must be identical across JVMs and runs.
 */
final class Hashing {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private Hashing() {}

  /** SplitMix64 finaliser: a bijection, so distinct inputs (e.g. counters) stay distinct. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long combine(long h, long v) {
    return mix(h * 31 + mix(v));
  }

  static long hash(String s) {
    long h = FNV_OFFSET;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= FNV_PRIME;
    }
    return mix(h);
  }

  static long combine(long h, String s) {
    return combine(h, hash(s));
  }
}
