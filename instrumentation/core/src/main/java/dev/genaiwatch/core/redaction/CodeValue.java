package dev.genaiwatch.core.redaction;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tells code that mentions a password from a password: the unquoted right-hand side of {@code
 * password = ...} or {@code password: ...} is an expression, not a secret, when it is a call or an
 * index ({@code os.environ["DB_PASSWORD"]}, {@code getpass()}, {@code Field(...)}), a member path
 * ({@code settings.db.password}), a type ({@code password: str}), or a variable named for what it
 * holds ({@code confirm_password}, {@code newPassword}). A quoted right-hand side is a literal and
 * always a candidate. Known limit: a real password that is a plain word containing "pass" ({@code
 * mypassword}) reads as a variable.
 */
final class CodeValue {
  private static final Pattern CALL_OR_INDEX =
      Pattern.compile("[A-Za-z_$][\\w$]*+(?:\\.[A-Za-z_$][\\w$]*+)*+[(\\[].*");
  private static final Pattern MEMBER_PATH =
      Pattern.compile("[A-Za-z_$][\\w$]*+(?:\\.[A-Za-z_$][\\w$]*+)++");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z_$]*+");
  private static final Set<String> TYPES =
      Set.of(
          "str",
          "string",
          "int",
          "bytes",
          "bool",
          "boolean",
          "char",
          "char[]",
          "secretstr",
          "secretbytes",
          "optional",
          "any",
          "object",
          "text",
          "varchar",
          "securestring",
          "passwordfield",
          "charfield");
  private static final String[] NAMING_WORDS = {"pass", "pwd", "secret", "key", "token", "cred"};

  private CodeValue() {}

  /** Whether an unquoted right-hand side is code rather than a literal secret. */
  static boolean isExpression(String value) {
    String lower = value.toLowerCase(Locale.ROOT);
    if (TYPES.contains(lower)
        || lower.endsWith("[]") && TYPES.contains(lower.substring(0, lower.length() - 2))) {
      return true;
    }
    boolean punctuated =
        value.indexOf('(') >= 0 || value.indexOf('[') >= 0 || value.indexOf('.') >= 0;
    if (punctuated
        && (CALL_OR_INDEX.matcher(value).matches() || MEMBER_PATH.matcher(value).matches())) {
      return true;
    }
    if (IDENTIFIER.matcher(value).matches()) {
      for (String word : NAMING_WORDS) {
        if (lower.contains(word)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the value at {@code start} is the inside of a quoted string (a literal). */
  static boolean quoted(String text, int start) {
    return start > 0 && (text.charAt(start - 1) == '"' || text.charAt(start - 1) == '\'');
  }
}
