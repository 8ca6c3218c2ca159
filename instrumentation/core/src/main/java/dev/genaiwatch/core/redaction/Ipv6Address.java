package dev.genaiwatch.core.redaction;

/**
 * Checks a run of hex digits and colons for being an IPv6 address in full or {@code ::}-compressed
 * form. Times ({@code 12:30:45}), MAC addresses (six groups) and C++ scopes ({@code a::b}) are not.
 */
final class Ipv6Address {
  private Ipv6Address() {}

  static boolean isValid(String value) {
    int compressed = value.indexOf("::");
    if (compressed >= 0 && value.indexOf("::", compressed + 1) >= 0) {
      return false;
    }
    boolean loneColonAtAnEnd =
        value.startsWith(":") && !value.startsWith("::")
            || value.endsWith(":") && !value.endsWith("::");
    if (loneColonAtAnEnd) {
      return false;
    }
    String[] groups = value.split(":", -1);
    int nonEmpty = 0;
    boolean digit = false;
    for (String g : groups) {
      if (g.length() > 4) {
        return false;
      }
      if (g.isEmpty()) {
        continue; // from "::", checked above
      }
      nonEmpty++;
      for (int j = 0; j < g.length(); j++) {
        digit |= Character.isDigit(g.charAt(j));
      }
    }
    boolean shapeOk = compressed >= 0 ? nonEmpty <= 7 && nonEmpty >= 2 : nonEmpty == 8;
    return shapeOk && digit;
  }
}
