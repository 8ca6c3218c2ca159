package dev.genaiwatch.core.redaction;

import java.util.Locale;
import java.util.SplittableRandom;

/** Random strings and zero-padded numbers for the corpus generators, from their seeded random. */
final class RandomText {
  static final String HEX = "0123456789abcdef";

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

  /** Four pairs of digits, space-separated, as French phone numbers are written. */
  String fourDigitPairs() {
    return digits(2) + " " + digits(2) + " " + digits(2) + " " + digits(2);
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

  String uuid() {
    return chars(HEX, 8)
        + "-"
        + chars(HEX, 4)
        + "-4"
        + chars(HEX, 3)
        + "-a"
        + chars(HEX, 3)
        + "-"
        + chars(HEX, 12);
  }

  /** A UTC timestamp in May 2024 with milliseconds, as log lines write it. */
  String timestamp() {
    return "2024-05-"
        + two(1 + random.nextInt(28))
        + "T"
        + two(random.nextInt(24))
        + ":"
        + two(random.nextInt(60))
        + ":"
        + two(random.nextInt(60))
        + "."
        + digits(3)
        + "Z";
  }

  /** A dotted version whose parts are below {@code bounds}, e.g. {@code version(5, 30, 20)}. */
  String version(int... bounds) {
    StringBuilder v = new StringBuilder();
    for (int bound : bounds) {
      v.append(v.length() == 0 ? "" : ".").append(random.nextInt(bound));
    }
    return v.toString();
  }
}
