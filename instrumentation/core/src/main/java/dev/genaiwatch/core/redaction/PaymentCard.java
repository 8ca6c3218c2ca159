package dev.genaiwatch.core.redaction;

/**
 * Payment card numbers: Luhn checksum, plus an issuer prefix (IIN) and length that a real scheme
 * uses, so that Luhn-valid order numbers and timestamps (one in ten of all numbers) are mostly
 * kept.
 */
final class PaymentCard {
  private static final String MAESTRO = " 5018 5020 5038 5893 6304 6759 6761 6762 6763 ";

  private PaymentCard() {}

  /** {@code value} may contain the spaces or dashes it was written with. */
  static boolean isValid(String value) {
    String digits = digitsOf(value);
    return digits != null && luhn(digits) && plausibleIssuer(digits);
  }

  private static String digitsOf(String value) {
    StringBuilder digits = new StringBuilder(19);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c != ' ' && c != '-') {
        return null;
      }
    }
    return digits.length() >= 13 && digits.length() <= 19 ? digits.toString() : null;
  }

  static boolean luhn(String digits) {
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubled) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  private static boolean plausibleIssuer(String d) {
    int len = d.length();
    int p2 = Integer.parseInt(d.substring(0, 2));
    int p3 = Integer.parseInt(d.substring(0, 3));
    int p4 = Integer.parseInt(d.substring(0, 4));
    if (d.charAt(0) == '4') { // Visa
      return len == 13 || len == 16 || len == 19;
    }
    if ((p2 >= 51 && p2 <= 55)
        || (p4 >= 2221 && p4 <= 2720)
        || (p4 >= 2200 && p4 <= 2204)) { // Mastercard, Mir
      return len == 16;
    }
    if (p2 == 34 || p2 == 37) { // American Express
      return len == 15;
    }
    if (p2 == 62 || p2 == 81) { // UnionPay
      return len >= 16 && len <= 19;
    }
    if (p4 == 6011
        || p2 == 65
        || (p3 >= 644 && p3 <= 649)
        || (p4 >= 3528 && p4 <= 3589)) { // Discover, JCB
      return len >= 16 && len <= 19;
    }
    if (p2 == 36 || p2 == 38 || p2 == 39 || (p3 >= 300 && p3 <= 305)) { // Diners Club
      return len >= 14 && len <= 19;
    }
    if (MAESTRO.contains(" " + p4 + " ")) {
      return len >= 13 && len <= 19;
    }
    return false;
  }
}
