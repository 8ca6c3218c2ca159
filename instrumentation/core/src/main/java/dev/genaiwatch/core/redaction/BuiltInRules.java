package dev.genaiwatch.core.redaction;

import static dev.genaiwatch.core.redaction.PatternRule.contains;
import static dev.genaiwatch.core.redaction.PatternRule.containsChar;
import static dev.genaiwatch.core.redaction.PatternRule.containsDigit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules every engine starts with, in priority order: self-identifying credentials first (a key
 * after {@code password=} is reported as the key it is), then credentials known by their context,
 * then personal data; an IBAN ranks above the card and phone rules that could match its digit
 * groups.
 *
 * <p>Why the patterns stay linear on adversarial input: every repetition is bounded or possessive
 * over a character class that cannot also match what follows it, and each pattern opens with a
 * look-behind that lets a match start only at the beginning of a token, so a long run of one
 * character is tried once, not once per position.
 */
final class BuiltInRules {
  private BuiltInRules() {}

  /**
   * A number is not part of a longer word, dotted/dashed number, order reference ({@code #}, {@code
   * /}).
   */
  private static final String NUMBER_START = "(?<![\\w\\-./#+])";

  private static final String NUMBER_END = "(?![\\w]|[.\\-/]\\d)";

  private static final Set<String> PLACEHOLDER_VALUES =
      Set.of(
          "null",
          "none",
          "nil",
          "true",
          "false",
          "undefined",
          "empty",
          "redacted",
          "changeme",
          "required",
          "optional",
          "string",
          "your_password",
          "yourpassword",
          "password",
          "xxx",
          "...");

  private static final Set<String> IMAGE_EXTENSIONS =
      Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico");

  static List<RedactionRule> all() {
    List<RedactionRule> rules =
        new ArrayList<>(
            List.of(
                new PrivateKeyBlockRule(),
                new PatternRule(
                        "jwt",
                        "JWT",
                        text -> text.contains("ey") || text.contains("ew"),
                        Pattern.compile(
                            "(?<![A-Za-z0-9_\\-])e[wy][A-Za-z0-9_\\-]{8,}+\\.[A-Za-z0-9_\\-]{4,}+\\.[A-Za-z0-9_\\-]*+"),
                        JwtHeader::isJwt)
                    .startingWith(
                        "e",
                        (text, i) ->
                            text.charAt(i) == 'e'
                                && i + 1 < text.length()
                                && (text.charAt(i + 1) == 'y' || text.charAt(i + 1) == 'w'))
                    .atWordStarts(),
                new PatternRule(
                        "openai_key",
                        "API_KEY",
                        contains("sk-"),
                        Pattern.compile("(?<![A-Za-z0-9_\\-])sk-[A-Za-z0-9_\\-]{16,}+"),
                        BuiltInRules::looksLikeKey)
                    .startingWith("s", (text, i) -> text.startsWith("sk-", i))
                    .atWordStarts(),
                new PatternRule(
                        "aws_access_key",
                        "AWS_KEY",
                        text -> text.contains("AKIA") || text.contains("ASIA"),
                        Pattern.compile("(?<![A-Za-z0-9])A(?:KIA|SIA)[A-Z2-7]{16}(?![A-Za-z0-9])"),
                        value -> true)
                    .startingWith(
                        "A", (text, i) -> text.startsWith("AKIA", i) || text.startsWith("ASIA", i))
                    .atWordStarts(),
                new PatternRule(
                        "github_token",
                        "TOKEN",
                        text -> text.contains("gh") || text.contains("github_pat_"),
                        Pattern.compile(
                            "(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}+|github_pat_[A-Za-z0-9_]{22,242}+)"
                                + "(?![A-Za-z0-9_])"),
                        BuiltInRules::looksLikeKey)
                    .startingWith(
                        "g",
                        (text, i) -> text.startsWith("gh", i) || text.startsWith("github_pat_", i))
                    .atWordStarts(),
                new PatternRule(
                        "gitlab_token",
                        "TOKEN",
                        contains("glpat-"),
                        Pattern.compile("(?<![A-Za-z0-9_\\-])glpat-[A-Za-z0-9_\\-]{20,}+"),
                        BuiltInRules::looksLikeKey)
                    .startingWith("g", (text, i) -> text.startsWith("glpat-", i))
                    .atWordStarts(),
                new PatternRule(
                        "slack_token",
                        "TOKEN",
                        text -> text.contains("xox") || text.contains("xapp-"),
                        Pattern.compile(
                            "(?<![A-Za-z0-9])(?:xox[baprs]-|xapp-\\d-)[A-Za-z0-9\\-]{10,}+"),
                        BuiltInRules::looksLikeKey)
                    .startingWith(
                        "x", (text, i) -> text.startsWith("xox", i) || text.startsWith("xapp-", i))
                    .atWordStarts(),
                AwsSecretKey.rule(),
                // The password may hold '#', '@' or '?' written unencoded: the user info ends at
                // the last '@' before the
                // host, so the pattern backtracks (at most 256 characters) to it instead of
                // stopping at the first.
                PatternRule.valueInGroup(
                        "connection_credentials",
                        "CREDENTIALS",
                        contains("://"),
                        Pattern.compile(
                            "(?<![A-Za-z0-9+.\\-])[A-Za-z][A-Za-z0-9+.\\-]{1,31}+://"
                                + "([^\\s:/?#@\"'<>\\[\\]]{0,128}+:[^\\s/\"'<>]{1,256})@"),
                        value -> !value.endsWith(":"))
                    .startingWith(
                        PatternRule.UPPER + PatternRule.LOWER, BuiltInRules::mayStartUrlScheme)
                    .atWordStarts(),
                PatternRule.valueInGroup(
                        "password",
                        "PASSWORD",
                        PASSWORD_WORDS,
                        Pattern.compile(
                            "(?<![A-Za-z0-9])[\"']?[A-Za-z0-9_\\-]{0,32}?(?:(?i:password|passwd|pwd|passphrase|client_secret|secret_key"
                                // a bare "secret" is prose ("Keep this secret: ..."); JWT_SECRET,
                                // app-secret are keys
                                + "|(?<=[_\\-])secret|aws_secret_access_key|api_key|apikey|access_token|auth_token)|密码|口令|密钥|秘钥)[\"']?"
                                + "[ \\t]{0,8}+(?:=>?|[:：]|是|为|為)(?!=)[ \\t]{0,8}+(?:[:：][ \\t]{0,8}+)?"
                                + "(?:\"([^\"\\r\\n]{1,256}+)\"|'([^'\\r\\n]{1,256}+)'|([!-~&&[^\"',;&}\\])]]{1,256}(?<!\\.)))"),
                        BuiltInRules::isRealPassword)
                    .startingWhere(BuiltInRules::mayStartPasswordKey)
                    .atWordStarts()
                    .when(
                        (text, start, end) ->
                            CodeValue.quoted(text, start)
                                || !CodeValue.isExpression(text.substring(start, end))),
                PatternRule.valueInGroup(
                        "bearer_token",
                        "TOKEN",
                        AUTH_SCHEMES,
                        Pattern.compile(
                            "(?i:\\b(?:bearer|basic))[ \\t]{1,8}+([A-Za-z0-9._~+/=\\-]{8,}+)"),
                        BuiltInRules::looksRandom)
                    .startingWith("bB", (text, i) -> text.charAt(i) == 'b' || text.charAt(i) == 'B')
                    .atWordStarts()));
    // Provider tokens are self-identifying: they rank above the context rules (a Stripe key after
    // password= is
    // reported as the Stripe key it is).
    rules.addAll(2, ProviderTokenRules.all());
    return List.copyOf(rules);
  }

  /** Personal-data rules; user rules rank between these and the credential rules. */
  static List<RedactionRule> personalData() {
    List<RedactionRule> rules =
        new ArrayList<>(
            List.of(
                new PatternRule(
                    "email",
                    "EMAIL",
                    containsChar('@'),
                    Pattern.compile(
                        "(?<![A-Za-z0-9_.%+\\-])[A-Za-z0-9_.%+\\-]{1,64}+@(?:[A-Za-z0-9\\-]{1,63}\\.){1,8}[A-Za-z]{2,24}"
                            + "(?![A-Za-z0-9\\-]|\\.[A-Za-z0-9])(?!:[\\w~/])"),
                    BuiltInRules::isEmail),
                new PatternRule(
                        "iban",
                        "IBAN",
                        containsDigit(),
                        Pattern.compile(
                            "(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?:[A-Z0-9]{11,30}+|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![A-Za-z0-9])"),
                        Iban::isValid)
                    .startingWith(PatternRule.UPPER, BuiltInRules::mayStartIban)
                    .atWordStarts(),
                // Also written in groups: 110105 19900307 123X, 110105-1990-0307-123X.
                new PatternRule(
                        "cn_id",
                        "CN_ID",
                        containsDigit(),
                        Pattern.compile(
                            NUMBER_START
                                + "(?:[1-9]\\d{16}[\\dXx]|[1-9]\\d{5}([ \\-])\\d{4}\\1?\\d{4}\\1\\d{3}[\\dXx])"
                                + NUMBER_END),
                        value -> ChineseResidentId.isValid(value.replace(" ", "").replace("-", "")))
                    .startingWith(
                        PatternRule.DIGITS,
                        (text, i) ->
                            digitsAt(text, i, 6)
                                && (digitsAt(text, i + 6, 11)
                                    || i + 6 < text.length()
                                        && (text.charAt(i + 6) == ' '
                                            || text.charAt(i + 6) == '-')))
                    .atWordStarts(),
                new PatternRule(
                        "payment_card",
                        "CARD",
                        containsDigit(),
                        Pattern.compile(
                            NUMBER_START
                                + "(?:\\d{13,19}|\\d{4}([ \\-])\\d{4}\\1\\d{4}\\1\\d{1,4}(?:\\1\\d{3})?|\\d{4}([ \\-])\\d{6}\\2\\d{4,5})"
                                + NUMBER_END),
                        PaymentCard::isValid)
                    .startingWith(PatternRule.DIGITS, (text, i) -> digitsAt(text, i, 4))
                    .atWordStarts(),
                new PatternRule(
                        "cn_mobile",
                        "PHONE",
                        containsDigit(),
                        Pattern.compile(
                            // Lists are written 13812345678/13987654321: a '/' may stand on either
                            // side.
                            "(?<![\\w\\-.#+])(?:(?:\\+|00)86[ \\-]?)?1[3-9]\\d(?:\\d{8}|[ \\-]\\d{4}[ \\-]\\d{4})(?![\\w]|[.\\-]\\d)"),
                        value -> true)
                    .startingWith("+" + PatternRule.DIGITS, BuiltInRules::mayStartChineseMobile)
                    .atWordStarts(),
                new PatternRule(
                        "phone_e164",
                        "PHONE",
                        containsChar('+'),
                        Pattern.compile(
                            "(?<![\\w+])\\+[1-9]\\d{0,3}+(?:[ .\\-]?(?:\\(\\d{1,4}+\\)|\\d{1,4}+)){1,6}"
                                + NUMBER_END),
                        BuiltInRules::isE164)
                    .startingWith(
                        "+", (text, i) -> text.charAt(i) == '+' && digitsAt(text, i + 1, 1))
                    .atWordStarts(),
                new PatternRule(
                        "ipv6",
                        "IP",
                        containsChar(':'),
                        Pattern.compile("(?<![\\w:.])[0-9A-Fa-f:]{2,39}+(?![\\w:]|\\.\\d)"),
                        Ipv6Address::isValid)
                    .startingWith(PatternRule.DIGITS + "abcdefABCDEF:", BuiltInRules::mayStartIpv6)
                    .atWordStarts(),
                new PatternRule(
                        "ipv4",
                        "IP",
                        containsChar('.'),
                        Pattern.compile(
                            "(?:(?<![\\w.])|(?<=IP)|(?<=ip))(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)"
                                + "(?![\\w]|\\.\\d)"),
                        value -> true)
                    .startingWith(PatternRule.DIGITS, BuiltInRules::mayStartIpv4)
                    .when((text, start, end) -> !VERSION_WORDS.accepts(text, start, end))));
    // After the phone rules (an IBAN or card outranks them), before the IP rules.
    int ipv6 =
        rules.indexOf(
            rules.stream().filter(r -> r.name().equals("ipv6")).findFirst().orElseThrow());
    rules.addAll(ipv6, NationalNumberRules.all());
    return List.copyOf(rules);
  }

  /**
   * Four dotted numbers up to 255 are a version when a version word is right before them: {@code
   * AssemblyVersion("3.6.7.15")}, {@code version 10.0.2.1}, {@code 版本 1.2.3.4}.
   */
  static final NearbyWords VERSION_WORDS =
      new NearbyWords(
          20, 0, "version", "ver.", "ver ", "版本", "release ", "firmware", "固件", "build ");

  // Where matches can start: each is implied by its rule's pattern (a necessary condition, never a
  // sufficient one).

  /** A URL scheme of 2 to 32 characters, led by a letter, ending right before {@code ://}. */
  private static boolean mayStartUrlScheme(String text, int i) {
    if (!isLetter(text.charAt(i)) || i > 0 && isSchemeChar(text.charAt(i - 1))) {
      return false;
    }
    int j = i;
    while (j < text.length() && isSchemeChar(text.charAt(j))) {
      j++;
    }
    return j - i >= 2 && j - i <= 32 && text.startsWith("://", j);
  }

  private static boolean isSchemeChar(char c) {
    return isLetter(c) || isDigit(c) || c == '+' || c == '.' || c == '-';
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z' || isUpper(c);
  }

  /**
   * A quote, or the first letter of one of the key words (matched ignoring ASCII case only), or 密 /
   * 口; not right after a letter or digit.
   */
  private static boolean mayStartPasswordKey(String text, int i) {
    if (i > 0 && (isLetter(text.charAt(i - 1)) || isDigit(text.charAt(i - 1)))) {
      return false;
    }
    char c = text.charAt(i);
    if (c == '密' || c == '口' || c == '秘') {
      return true;
    }
    if (c == '"' || c == '\'') {
      return i + 1 < text.length() && endsInKeyWord(text, i + 1);
    }
    return isLetter(c) || isDigit(c) || c == '_' || c == '-' ? endsInKeyWord(text, i) : false;
  }

  /**
   * A run of word characters from {@code i} (such as {@code password}, {@code PGPASSWORD}, {@code
   * MYSQL_PWD}, or {@code root} before 密码) that ends in a key word or is followed by a Chinese one:
   * what the password pattern's key needs. Scanned once per run, from its start only, and most runs
   * are rejected by their last character.
   */
  private static boolean endsInKeyWord(String text, int i) {
    int end = i;
    int limit = Math.min(text.length(), i + 64);
    while (end < limit && isRunChar(text.charAt(end))) {
      end++;
    }
    if (end < text.length() && text.charAt(end) >= 0x80) {
      return text.startsWith("密码", end)
          || text.startsWith("口令", end)
          || text.startsWith("密钥", end)
          || text.startsWith("秘钥", end);
    }
    if (end == i || "dDeEtTyYnN".indexOf(text.charAt(end - 1)) < 0) {
      return false;
    }
    for (String word : KEY_WORD_ENDINGS) {
      if (end - i >= word.length()
          && text.regionMatches(true, end - word.length(), word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isRunChar(char c) {
    return isLetter(c) || isDigit(c) || c == '_' || c == '-';
  }

  private static final String[] KEY_WORD_ENDINGS = {
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "secret",
    "secret_key",
    "secret_access_key",
    "api_key",
    "apikey",
    "access_token",
    "auth_token"
  };

  /** {@code count} ASCII digits from {@code index} on. */
  static boolean digitsAt(String text, int index, int count) {
    if (index + count > text.length()) {
      return false;
    }
    for (int i = index; i < index + count; i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  /** Two capital letters, then two digits. */
  private static boolean mayStartIban(String text, int i) {
    return i + 4 <= text.length()
        && isUpper(text.charAt(i))
        && isUpper(text.charAt(i + 1))
        && isDigit(text.charAt(i + 2))
        && isDigit(text.charAt(i + 3));
  }

  /** {@code +86}, {@code 0086}, or {@code 1} and a digit 3-9. */
  private static boolean mayStartChineseMobile(String text, int i) {
    char c = text.charAt(i);
    return c == '+'
        || c == '0' && text.startsWith("0086", i)
        || c == '1'
            && i + 1 < text.length()
            && text.charAt(i + 1) >= '3'
            && text.charAt(i + 1) <= '9';
  }

  /**
   * A digit, not after a word character or a dot, with a dot among the next three characters after
   * it.
   */
  private static boolean mayStartIpv4(String text, int i) {
    if (!isDigit(text.charAt(i))
        || i > 0
            && isWordOrDot(text.charAt(i - 1))
            && !(i > 1 && text.regionMatches(true, i - 2, "ip", 0, 2))) {
      return false;
    }
    int end = Math.min(text.length(), i + 4);
    for (int j = i + 1; j < end; j++) {
      if (text.charAt(j) == '.') {
        return true;
      }
    }
    return false;
  }

  /**
   * The start of a run of hex digits and colons (not after a word character, a colon or a dot) that
   * is at most 39 characters long and holds a colon: the pattern's match is the whole run, and
   * without a colon it is no address.
   */
  private static boolean mayStartIpv6(String text, int i) {
    if (!isHexOrColon(text.charAt(i))
        || i > 0 && (isWordOrDot(text.charAt(i - 1)) || text.charAt(i - 1) == ':')) {
      return false;
    }
    boolean colon = false;
    int j = i;
    while (j < text.length() && isHexOrColon(text.charAt(j))) {
      colon |= text.charAt(j) == ':';
      j++;
    }
    return colon && j - i <= 39;
  }

  private static boolean isHexOrColon(char c) {
    return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == ':';
  }

  private static boolean isWordOrDot(char c) {
    return isDigit(c) || c >= 'a' && c <= 'z' || isUpper(c) || c == '_' || c == '.';
  }

  // Prefilters: one case-insensitive scan, without copying the text to lower case. A regex
  // alternation of the
  // words was tried at every index and took two thirds of the redaction time of a clean prompt.
  static final WordSet PASSWORD_WORDS =
      new WordSet("pass", "pwd", "secret", "key", "token", "密码", "口令", "密钥", "秘钥");
  static final WordSet AUTH_SCHEMES = new WordSet("bearer", "basic");

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
   * Keys are random: a digit, an upper-case letter or a run longer than a word. Package names such
   * as {@code sk-learn-extra-package} are lower-case words joined by dashes.
   */
  static boolean looksLikeKey(String value) {
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
