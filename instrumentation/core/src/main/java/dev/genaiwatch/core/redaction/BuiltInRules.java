package dev.genaiwatch.core.redaction;

import static dev.genaiwatch.core.redaction.PatternRule.contains;
import static dev.genaiwatch.core.redaction.PatternRule.containsChar;
import static dev.genaiwatch.core.redaction.PatternRule.containsDigit;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rules every engine starts with, in priority order: self-identifying credentials first (a key
 * after {@code password=} is reported as the key it is), then credentials known by their context, then
 * personal data; an IBAN ranks above the card and phone rules that could match its digit groups.
 *
 * <p>Why the patterns stay linear on adversarial input: every repetition is bounded or possessive over a
 * character class that cannot also match what follows it, and each pattern opens with a look-behind that
 * lets a match start only at the beginning of a token, so a long run of one character is tried once, not
 * once per position.
 */
final class BuiltInRules {
  private BuiltInRules() {}

  /** A number is not part of a longer word, dotted/dashed number, order reference ({@code #}, {@code /}). */
  private static final String NUMBER_START = "(?<![\\w\\-./#+])";
  private static final String NUMBER_END = "(?![\\w]|[.\\-/]\\d)";

  private static final Set<String> PLACEHOLDER_VALUES = Set.of(
      "null", "none", "nil", "true", "false", "undefined", "empty", "redacted", "changeme", "required",
      "optional", "string", "your_password", "yourpassword", "password", "xxx", "...");

  private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico");

  static List<RedactionRule> all() {
    return List.of(
        new PrivateKeyBlockRule(),
        new PatternRule("jwt", "JWT", text -> text.contains("ey") || text.contains("ew"), Pattern.compile(
            "(?<![A-Za-z0-9_\\-])e[wy][A-Za-z0-9_\\-]{8,}+\\.[A-Za-z0-9_\\-]{4,}+\\.[A-Za-z0-9_\\-]*+"),
            JwtHeader::isJwt),
        new PatternRule("openai_key", "API_KEY", contains("sk-"), Pattern.compile(
            "(?<![A-Za-z0-9_\\-])sk-[A-Za-z0-9_\\-]{16,}+"),
            BuiltInRules::looksLikeKey),
        new PatternRule("aws_access_key", "AWS_KEY", text -> text.contains("AKIA") || text.contains("ASIA"),
            Pattern.compile("(?<![A-Za-z0-9])A(?:KIA|SIA)[A-Z2-7]{16}(?![A-Za-z0-9])"),
            value -> true),
        new PatternRule("github_token", "TOKEN", text -> text.contains("gh") || text.contains("github_pat_"),
            Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}+|github_pat_[A-Za-z0-9_]{22,242}+)"
                + "(?![A-Za-z0-9_])"),
            BuiltInRules::looksLikeKey),
        new PatternRule("gitlab_token", "TOKEN", contains("glpat-"), Pattern.compile(
            "(?<![A-Za-z0-9_\\-])glpat-[A-Za-z0-9_\\-]{20,}+"),
            BuiltInRules::looksLikeKey),
        new PatternRule("slack_token", "TOKEN", text -> text.contains("xox") || text.contains("xapp-"),
            Pattern.compile("(?<![A-Za-z0-9])(?:xox[baprs]-|xapp-\\d-)[A-Za-z0-9\\-]{10,}+"),
            BuiltInRules::looksLikeKey),
        PatternRule.valueInGroup("connection_credentials", "CREDENTIALS", contains("://"), Pattern.compile(
            "(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{1,31}+://"
                + "([^\\s:/?#@\"'<>\\[\\]]{0,128}+:[^\\s/?#@\"'<>]{1,256}+)@"),
            value -> !value.endsWith(":")),
        PatternRule.valueInGroup("password", "PASSWORD", BuiltInRules::mentionsPassword, Pattern.compile(
            "(?<![A-Za-z0-9])[\"']?(?:(?i:password|passwd|passphrase|client_secret|secret_key"
                + "|aws_secret_access_key|api_key|apikey|access_token|auth_token)|密码|口令)[\"']?"
                + "\\s{0,8}+(?:[:=：]|是)\\s{0,8}+"
                + "(?:\"([^\"\\r\\n]{1,256}+)\"|'([^'\\r\\n]{1,256}+)'|([!-~&&[^\"',;&}\\])]]{1,256}(?<!\\.)))"),
            BuiltInRules::isRealPassword),
        PatternRule.valueInGroup("bearer_token", "TOKEN", BuiltInRules::mentionsAuthScheme, Pattern.compile(
            "(?i:\\b(?:bearer|basic))\\s{1,8}+([A-Za-z0-9._~+/=\\-]{8,}+)"),
            BuiltInRules::looksRandom));
  }

  /** Personal-data rules; user rules rank between these and the credential rules. */
  static List<RedactionRule> personalData() {
    return List.of(
        new PatternRule("email", "EMAIL", containsChar('@'), Pattern.compile(
            "(?<![A-Za-z0-9_.%+\\-])[A-Za-z0-9_.%+\\-]{1,64}+@(?:[A-Za-z0-9\\-]{1,63}\\.){1,8}[A-Za-z]{2,24}"
                + "(?![A-Za-z0-9\\-]|\\.[A-Za-z0-9])(?!:[\\w~/])"),
            BuiltInRules::isEmail),
        new PatternRule("iban", "IBAN", containsDigit(), Pattern.compile(
            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}+|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])"),
            Iban::isValid),
        new PatternRule("cn_id", "CN_ID", containsDigit(), Pattern.compile(
            NUMBER_START + "[1-9]\\d{16}[\\dXx]" + NUMBER_END),
            ChineseResidentId::isValid),
        new PatternRule("payment_card", "CARD", containsDigit(), Pattern.compile(
            NUMBER_START + "(?:\\d{13,19}|\\d{4}([ \\-])\\d{4}\\1\\d{4}\\1\\d{1,4}(?:\\1\\d{3})?|\\d{4}([ \\-])\\d{6}\\2\\d{4,5})"
                + NUMBER_END),
            PaymentCard::isValid),
        new PatternRule("cn_mobile", "PHONE", containsDigit(), Pattern.compile(
            NUMBER_START + "(?:(?:\\+|00)86[ \\-]?)?1[3-9]\\d(?:\\d{8}|[ \\-]\\d{4}[ \\-]\\d{4})" + NUMBER_END),
            value -> true),
        new PatternRule("phone_e164", "PHONE", containsChar('+'), Pattern.compile(
            "(?<![\\w+])\\+[1-9]\\d{0,3}+(?:[ .\\-]?(?:\\(\\d{1,4}+\\)|\\d{1,4}+)){1,6}" + NUMBER_END),
            BuiltInRules::isE164),
        new PatternRule("ipv6", "IP", containsChar(':'), Pattern.compile(
            "(?<![\\w:.])[0-9A-Fa-f:]{2,39}+(?![\\w:]|\\.\\d)"),
            Ipv6Address::isValid),
        new PatternRule("ipv4", "IP", containsChar('.'), Pattern.compile(
            "(?<![\\w.])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
                + "(?![\\w]|\\.\\d)"),
            value -> true));
  }

  // Prefilters: one case-insensitive scan, without copying the text to lower case.
  private static final Pattern PASSWORD_WORDS = Pattern.compile("pass|secret|key|token|密码|口令",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  private static final Pattern AUTH_SCHEMES = Pattern.compile("bearer|basic", Pattern.CASE_INSENSITIVE);

  private static boolean mentionsPassword(String text) {
    return PASSWORD_WORDS.matcher(text).find();
  }

  private static boolean mentionsAuthScheme(String text) {
    return AUTH_SCHEMES.matcher(text).find();
  }

  /** Template values ({@code ${DB_PASSWORD}}, {@code <password>}, {@code ****}) are not secrets. */
  private static boolean isRealPassword(String value) {
    char first = value.charAt(0);
    if (first == '$' || first == '<' || first == '%' || value.startsWith("{{")) {
      return false;
    }
    if (value.chars().allMatch(c -> c == '*' || c == 'x' || c == 'X' || c == '•' || c == '.')) {
      return false;
    }
    return !PLACEHOLDER_VALUES.contains(value.toLowerCase(Locale.ROOT));
  }

  /** Tokens are random; words are not: "Bearer responsibility" is prose. */
  private static boolean looksRandom(String token) {
    boolean digit = false;
    boolean symbol = false;
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      digit |= c >= '0' && c <= '9';
      symbol |= "._~+/=".indexOf(c) >= 0;
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    return digit || symbol || upper && lower && token.length() >= 12;
  }

  /**
   * Keys are random: a digit, an upper-case letter or a run longer than a word. Package names such as
   * {@code sk-learn-extra-package} are lower-case words joined by dashes.
   */
  private static boolean looksLikeKey(String value) {
    int run = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
        return true;
      }
      run = c == '-' || c == '_' ? 0 : run + 1;
      if (run > 12) {
        return true;
      }
    }
    return false;
  }

  /** Image names such as {@code logo@2x.png} have the shape of an address. */
  private static boolean isEmail(String value) {
    String tld = value.substring(value.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return !IMAGE_EXTENSIONS.contains(tld);
  }

  /** E.164 allows at most 15 digits; fewer than 8 is a short code or a fragment. */
  private static boolean isE164(String value) {
    long digits = value.chars().filter(c -> c >= '0' && c <= '9').count();
    return digits >= 8 && digits <= 15;
  }
}
