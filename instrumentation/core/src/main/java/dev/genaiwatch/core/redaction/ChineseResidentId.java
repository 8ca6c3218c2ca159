package dev.genaiwatch.core.redaction;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Mainland China resident identity number (GB 11643-1999): 6-digit region code, birth date
 * yyyyMMdd, 3-digit sequence, and a mod-11 check character ({@code X} for 10).
 */
final class ChineseResidentId {
  private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  private static final String CHECK = "10X98765432";

  /** First two digits: the provincial-level divisions (incl. Hong Kong, Macao, Taiwan codes). */
  private static final String PROVINCES =
      " 11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64"
          + " 65 71 81 82 83 ";

  private ChineseResidentId() {}

  static boolean isValid(String value) {
    if (value.length() != 18) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < 17; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      sum += (c - '0') * WEIGHTS[i];
    }
    if (Character.toUpperCase(value.charAt(17)) != CHECK.charAt(sum % 11)) {
      return false;
    }
    if (!PROVINCES.contains(" " + value.substring(0, 2) + " ")) {
      return false;
    }
    return isBirthDate(
        Integer.parseInt(value.substring(6, 10)),
        Integer.parseInt(value.substring(10, 12)),
        Integer.parseInt(value.substring(12, 14)));
  }

  private static boolean isBirthDate(int year, int month, int day) {
    if (year < 1900) {
      return false;
    }
    try {
      return !LocalDate.of(year, month, day).isAfter(LocalDate.now());
    } catch (DateTimeException e) {
      return false;
    }
  }
}
