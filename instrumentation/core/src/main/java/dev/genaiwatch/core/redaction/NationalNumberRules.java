package dev.genaiwatch.core.redaction;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Personal numbers whose format alone is weak evidence: US social security numbers, passport
 * numbers, national phone numbers written without {@code +}, and e-mail addresses written to dodge
 * scrapers ({@code name [at] domain [dot] com}). Each has the validation its format allows (SSA
 * area/group/serial rules, NANP area and exchange codes, digit counts) and, where the format is
 * only digits, context words near it.
 */
final class NationalNumberRules {
  private static final String NUMBER_START = "(?<![\\w\\-./#+])";
  private static final String NUMBER_END = "(?![\\w]|[.\\-/]\\d)";

  static final NearbyWords SSN_WORDS =
      new NearbyWords(
          60,
          24,
          "ssn",
          "social security",
          "soc sec",
          "ss#",
          "ss no",
          "taxpayer",
          "社会安全",
          "社安号",
          "社会保障号");
  static final NearbyWords PASSPORT_WORDS =
      new NearbyWords(
          80,
          24,
          "passport",
          "护照",
          "護照",
          "passeport",
          "reisepass",
          "pasaporte",
          "passaporto",
          "travel document",
          "旅行证件");
  static final NearbyWords PHONE_WORDS =
      new NearbyWords(
          60,
          24,
          "phone",
          "tel",
          "call",
          "mobile",
          "cell",
          "fax",
          "whatsapp",
          "contact",
          "reach",
          "dial",
          "电话",
          "手机",
          "联系",
          "致电",
          "拨打",
          "来电",
          "座机",
          "热线");

  private NationalNumberRules() {}

  static List<RedactionRule> all() {
    return List.of(
        new PatternRule(
                "ssn",
                "SSN",
                PatternRule.containsDigit(),
                Pattern.compile(NUMBER_START + "\\d{3}([\\- ]?)\\d{2}\\1\\d{4}" + NUMBER_END),
                NationalNumberRules::isSsn)
            .startingWith(PatternRule.DIGITS, (text, i) -> BuiltInRules.digitsAt(text, i, 3))
            .atWordStarts()
            // The dashed form is what the SSA prints and little else uses; spaced or bare digits
            // need a word.
            .when(
                (text, start, end) ->
                    text.charAt(start + 3) == '-' || SSN_WORDS.accepts(text, start, end)),
        new PatternRule(
                "passport",
                "PASSPORT",
                PASSPORT_WORDS.words(),
                Pattern.compile("(?<![A-Za-z0-9])(?:[A-Z]{1,2}\\d{6,8}|\\d{8,9})(?![A-Za-z0-9])"),
                value -> true)
            .startingWhere(NationalNumberRules::mayStartPassport)
            .atWordStarts()
            .when(PASSPORT_WORDS::accepts),
        new PatternRule(
                "phone_national",
                "PHONE",
                PatternRule.containsDigit(),
                Pattern.compile(
                    NUMBER_START
                        + "(?:"
                        // NANP: (202) 555-0143, 202-555-0143, 202.555.0143, 1-800-555-0199
                        + "(?:1[ .\\-])?(?:\\([2-9]\\d{2}\\)[ .\\-]?[2-9]\\d{2}["
                        + " .\\-]\\d{4}|[2-9]\\d{2}([.\\- ])[2-9]\\d{2}\\1\\d{4})"
                        // trunk prefix 0: 020 7946 0958, 07700 900123, 06 12 34 56 78,
                        // 010-12345678, (0755) 1234 5678
                        + "|(?:\\(0[1-9]\\d{0,3}\\)[ \\-]?|0[1-9]\\d{0,3}[ .\\-])\\d{2,8}(?:["
                        + " .\\-]\\d{2,8}){0,3}"
                        // bare digits: only with a phone word near them
                        + "|1?[2-9]\\d{9}|0[1-9]\\d{8,10}"
                        + ")"
                        + NUMBER_END),
                NationalNumberRules::isNationalPhone)
            .startingWith("(" + PatternRule.DIGITS, NationalNumberRules::mayStartPhone)
            .atWordStarts()
            .when(
                (text, start, end) ->
                    !allDigits(text, start, end) || PHONE_WORDS.accepts(text, start, end)),
        new PatternRule(
                "email_obfuscated",
                "EMAIL",
                OBFUSCATED_AT,
                Pattern.compile(
                    "(?<![A-Za-z0-9_.%+\\-])[A-Za-z0-9_.%+\\-]{1,64}+(?:[ ]?[\\[({<][ ]?(?i:at|@)["
                        + " ]?[\\])}>][ ]?|＠)[A-Za-z0-9\\-]{1,63}+(?:(?:[ ]?[\\[({<]["
                        + " ]?(?i:dot|\\.)[ ]?[\\])}>][ ]?|\\.)[A-Za-z0-9\\-]{1,63}+){1,6}+"),
                NationalNumberRules::endsInTopLevelDomain)
            .startingWhere(NationalNumberRules::mayStartLocalPart)
            .atWordStarts());
  }

  /** SSA rules: area not 000, 666 or 900-999; group not 00; serial not 0000. */
  static boolean isSsn(String value) {
    String digits = value.replace("-", "").replace(" ", "");
    int area = Integer.parseInt(digits.substring(0, 3));
    int group = Integer.parseInt(digits.substring(3, 5));
    int serial = Integer.parseInt(digits.substring(5));
    return area != 0 && area != 666 && area < 900 && group != 0 && serial != 0;
  }

  /** 9 to 12 digits after a trunk 0, 10 or 11 in NANP, and not a run of one digit. */
  private static final Pattern ZIP_PLUS_FOUR = Pattern.compile("\\d{5}-\\d{4}");

  private static boolean isNationalPhone(String value) {
    if (ZIP_PLUS_FOUR.matcher(value).matches()) {
      return false; // a US ZIP+4 code, 02134-5678
    }
    int digits = 0;
    boolean varied = false;
    char first = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        if (digits == 0) {
          first = c;
        } else if (i > 0 && c != first) {
          varied = true;
        }
        digits++;
      }
    }
    return digits >= 9 && digits <= 12 && varied;
  }

  private static boolean allDigits(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean mayStartPassport(String text, int i) {
    char c = text.charAt(i);
    if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
      return false;
    }
    char before = i == 0 ? ' ' : text.charAt(i - 1);
    return !(before >= 'A' && before <= 'Z'
        || before >= 'a' && before <= 'z'
        || before >= '0' && before <= '9');
  }

  private static boolean mayStartPhone(String text, int i) {
    char c = text.charAt(i);
    if (c == '(') {
      return BuiltInRules.digitsAt(text, i + 1, 3);
    }
    return BuiltInRules.digitsAt(text, i, 2)
        || c == '1'
            && i + 2 < text.length()
            && " .-".indexOf(text.charAt(i + 1)) >= 0
            && BuiltInRules.digitsAt(text, i + 2, 1);
  }

  /** The obfuscated e-mail rule's prefilter. */
  static final WordSet OBFUSCATED_AT =
      new WordSet("at]", "at)", "at}", "at>", "at ]", "at )", "@]", "@)", "＠");

  private static boolean mayStartLocalPart(String text, int i) {
    return isLocalChar(text.charAt(i)) && (i == 0 || !isLocalChar(text.charAt(i - 1)));
  }

  private static boolean isLocalChar(char c) {
    return c >= 'a' && c <= 'z'
        || c >= 'A' && c <= 'Z'
        || c >= '0' && c <= '9'
        || "_.%+-".indexOf(c) >= 0;
  }

  /** The last label is the top-level domain: letters only, at least two. */
  private static boolean endsInTopLevelDomain(String value) {
    int i = value.length();
    while (i > 0 && Character.isLetter(value.charAt(i - 1)) && value.charAt(i - 1) < 0x80) {
      i--;
    }
    int letters = value.length() - i;
    return letters >= 2 && letters <= 24 && i > 0 && !isLocalChar(value.charAt(i - 1))
        || letters >= 2 && letters <= 24 && i > 0 && value.charAt(i - 1) == '.';
  }
}
