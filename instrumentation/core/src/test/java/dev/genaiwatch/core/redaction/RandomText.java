package dev.genaiwatch.core.redaction;

import java.util.Locale;
import java.util.SplittableRandom;

/** Random strings and zero-padded numbers for the corpus generators, from their seeded random. */
final class RandomText {
  private final SplittableRandom random;

  RandomText(SplittableRandom random) {
    this.random = random;
  }

  String chars(String alphabet, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  String digits(int n) {
    return chars("0123456789", n);
  }

  static String two(int n) {
    return n < 10 ? "0" + n : Integer.toString(n);
  }

  static String three(int n) {
    return String.format(Locale.ROOT, "%03d", n);
  }

  static String four(int n) {
    return String.format(Locale.ROOT, "%04d", n);
  }
}
