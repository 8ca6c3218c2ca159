package dev.genaiwatch.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Numbers with their units, normalised so that "3-month" = "three months" = "3个月" = "三个月", "14
 * days" = "两周" = "14天", "6折" = "六成" = "60%", "下午4点" = "十六点" and "8公斤" = "八千克" = "8 kg".
 *
 * <p>Each quantity gets a kind (duration in days, money, percent, weight in kg, length in m, energy
 * in Wh, data in GB, clock hour, calendar date, a count of some noun, or bare) and a value in the
 * kind's base unit. Support compares values across compatible kinds; a contradiction needs the
 * same, named kind.
 */
final class Quantities {
  private Quantities() {}

  static final String BARE = "";
  static final String DURATION = "duration";
  static final String CLOCK = "clock";
  static final String DATE = "date";
  private static final String COUNT = "count:";

  /** Counts of things the unit tables know ("600 requests" = "600 次"): these can contradict. */
  private static final String NAMED_COUNT = "n:";

  private static final String ZH_DATE = "zh-date";

  record Quantity(double value, String kind) {
    boolean isBare() {
      return kind.equals(BARE);
    }

    boolean isCount() {
      return kind.startsWith(COUNT);
    }

    /**
     * Named kinds (not bare, not a count of a noun the tables do not know) can contradict each
     * other.
     */
    boolean isMeasure() {
      return !isBare() && !isCount();
    }

    boolean sameValue(Quantity o) {
      double a = Math.abs(value);
      double b = Math.abs(o.value);
      return Math.abs(a - b) <= 0.025 * Math.max(a, b) + 1e-9;
    }

    /** Same amount of a compatible kind: bare numbers and counts match any kind by value. */
    boolean matches(Quantity o) {
      if (!sameValue(o)) {
        return false;
      }
      return kind.equals(o.kind) || isBare() || o.isBare() || isCount() || o.isCount();
    }
  }

  // --- units
  // -------------------------------------------------------------------------------------------

  private record Unit(String kind, double factor) {}

  private static final Map<String, Unit> EN_UNITS =
      Map.ofEntries(
          Map.entry("second", new Unit(DURATION, 1.0 / 86400)),
          Map.entry("sec", new Unit(DURATION, 1.0 / 86400)),
          Map.entry("s", new Unit(DURATION, 1.0 / 86400)),
          Map.entry("minute", new Unit(DURATION, 1.0 / 1440)),
          Map.entry("min", new Unit(DURATION, 1.0 / 1440)),
          Map.entry("hour", new Unit(DURATION, 1.0 / 24)),
          Map.entry("hr", new Unit(DURATION, 1.0 / 24)),
          Map.entry("h", new Unit(DURATION, 1.0 / 24)),
          Map.entry("day", new Unit(DURATION, 1)),
          Map.entry("night", new Unit(DURATION, 1)),
          Map.entry("week", new Unit(DURATION, 7)),
          Map.entry("fortnight", new Unit(DURATION, 14)),
          Map.entry("month", new Unit(DURATION, 30.4375)),
          Map.entry("year", new Unit(DURATION, 365.25)),
          Map.entry("percent", new Unit("percent", 1)),
          Map.entry("%", new Unit("percent", 1)),
          Map.entry("dollar", new Unit("money", 1)),
          Map.entry("usd", new Unit("money", 1)),
          Map.entry("euro", new Unit("money", 1)),
          Map.entry("eur", new Unit("money", 1)),
          Map.entry("yuan", new Unit("money", 1)),
          Map.entry("rmb", new Unit("money", 1)),
          Map.entry("pound", new Unit("money", 1)),
          Map.entry("cent", new Unit("money", 0.01)),
          Map.entry("kg", new Unit("weight", 1)),
          Map.entry("kilo", new Unit("weight", 1)),
          Map.entry("kilogram", new Unit("weight", 1)),
          Map.entry("g", new Unit("weight", 0.001)),
          Map.entry("gram", new Unit("weight", 0.001)),
          Map.entry("lb", new Unit("weight", 0.4536)),
          Map.entry("km", new Unit("length", 1000)),
          Map.entry("kilometre", new Unit("length", 1000)),
          Map.entry("kilometer", new Unit("length", 1000)),
          Map.entry("mile", new Unit("length", 1609)),
          Map.entry("m", new Unit("length", 1)),
          Map.entry("metre", new Unit("length", 1)),
          Map.entry("meter", new Unit("length", 1)),
          Map.entry("cm", new Unit("length", 0.01)),
          Map.entry("mm", new Unit("length", 0.001)),
          Map.entry("wh", new Unit("energy", 1)),
          Map.entry("kwh", new Unit("energy", 1000)),
          Map.entry("mb", new Unit("data", 0.001)),
          Map.entry("gb", new Unit("data", 1)),
          Map.entry("tb", new Unit("data", 1000)),
          Map.entry("char", new Unit(NAMED_COUNT + "character", 1)),
          Map.entry("character", new Unit(NAMED_COUNT + "character", 1)),
          Map.entry("digit", new Unit(NAMED_COUNT + "character", 1)),
          Map.entry("request", new Unit(NAMED_COUNT + "request", 1)),
          Map.entry("call", new Unit(NAMED_COUNT + "request", 1)),
          Map.entry("tablet", new Unit(NAMED_COUNT + "tablet", 1)),
          Map.entry("pill", new Unit(NAMED_COUNT + "tablet", 1)));

  private static final Set<String> MONTHS =
      Set.of(
          "january",
          "february",
          "march",
          "april",
          "may",
          "june",
          "july",
          "august",
          "september",
          "october",
          "november",
          "december");

  /** Chinese units, longest first where one is a prefix of another. */
  private static final List<Map.Entry<String, Unit>> ZH_UNITS =
      List.of(
          Map.entry("个工作日", new Unit(DURATION, 1)),
          Map.entry("工作日", new Unit(DURATION, 1)),
          Map.entry("个小时", new Unit(DURATION, 1.0 / 24)),
          Map.entry("小时", new Unit(DURATION, 1.0 / 24)),
          Map.entry("个钟头", new Unit(DURATION, 1.0 / 24)),
          Map.entry("钟头", new Unit(DURATION, 1.0 / 24)),
          Map.entry("分钟", new Unit(DURATION, 1.0 / 1440)),
          Map.entry("秒钟", new Unit(DURATION, 1.0 / 86400)),
          Map.entry("秒", new Unit(DURATION, 1.0 / 86400)),
          Map.entry("天", new Unit(DURATION, 1)),
          Map.entry("晚", new Unit(DURATION, 1)),
          Map.entry("个星期", new Unit(DURATION, 7)),
          Map.entry("星期", new Unit(DURATION, 7)),
          Map.entry("个礼拜", new Unit(DURATION, 7)),
          Map.entry("周", new Unit(DURATION, 7)),
          Map.entry("个月", new Unit(DURATION, 30.4375)),
          Map.entry("年", new Unit(DURATION, 365.25)),
          Map.entry("块钱", new Unit("money", 1)),
          Map.entry("块", new Unit("money", 1)),
          Map.entry("元", new Unit("money", 1)),
          Map.entry("美元", new Unit("money", 1)),
          Map.entry("欧元", new Unit("money", 1)),
          Map.entry("公斤", new Unit("weight", 1)),
          Map.entry("千克", new Unit("weight", 1)),
          Map.entry("克", new Unit("weight", 0.001)),
          Map.entry("公里", new Unit("length", 1000)),
          Map.entry("千米", new Unit("length", 1000)),
          Map.entry("厘米", new Unit("length", 0.01)),
          Map.entry("毫米", new Unit("length", 0.001)),
          Map.entry("米", new Unit("length", 1)),
          Map.entry("％", new Unit("percent", 1)),
          Map.entry("%", new Unit("percent", 1)),
          Map.entry("折", new Unit("percent", 10)),
          Map.entry("成", new Unit("percent", 10)),
          Map.entry("个字符", new Unit(NAMED_COUNT + "character", 1)),
          Map.entry("字符", new Unit(NAMED_COUNT + "character", 1)),
          Map.entry("位", new Unit(NAMED_COUNT + "character", 1)),
          Map.entry("次", new Unit(NAMED_COUNT + "request", 1)),
          Map.entry("片", new Unit(NAMED_COUNT + "tablet", 1)));

  private static final Map<String, Integer> EN_SMALL =
      Map.ofEntries(
          Map.entry("zero", 0),
          Map.entry("one", 1),
          Map.entry("two", 2),
          Map.entry("three", 3),
          Map.entry("four", 4),
          Map.entry("five", 5),
          Map.entry("six", 6),
          Map.entry("seven", 7),
          Map.entry("eight", 8),
          Map.entry("nine", 9),
          Map.entry("ten", 10),
          Map.entry("eleven", 11),
          Map.entry("twelve", 12),
          Map.entry("thirteen", 13),
          Map.entry("fourteen", 14),
          Map.entry("fifteen", 15),
          Map.entry("sixteen", 16),
          Map.entry("seventeen", 17),
          Map.entry("eighteen", 18),
          Map.entry("nineteen", 19),
          Map.entry("twenty", 20),
          Map.entry("thirty", 30),
          Map.entry("forty", 40),
          Map.entry("fifty", 50),
          Map.entry("sixty", 60),
          Map.entry("seventy", 70),
          Map.entry("eighty", 80),
          Map.entry("ninety", 90),
          Map.entry("dozen", 12));

  /**
   * Words after which "a day", "a month" is a rate ("once a day", "$15 a month"), not an amount.
   */
  private static final Set<String> RATE_WORDS =
      Set.of("once", "twice", "per", "every", "each", "times", "a", "an");

  private static final String ZH_DIGITS = "零〇一二两三四五六七八九十百千万";

  // --- tokens
  // --------------------------------------------------------------------------------------------

  /**
   * Digit runs (with decimal point / thousands comma), letter runs, single CJK characters, single
   * symbols.
   */
  static List<String> tokens(String text) {
    List<String> out = new ArrayList<>();
    String s = text.toLowerCase(Locale.ROOT).replace('’', '\'');
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        int j = i + 1;
        while (j < s.length()) {
          char d = s.charAt(j);
          if (d >= '0' && d <= '9') {
            j++;
          } else if ((d == '.' || d == ',')
              && j + 1 < s.length()
              && Character.isDigit(s.charAt(j + 1))
              && (d == '.' || j + 3 < s.length() + 1)) {
            j++;
          } else {
            break;
          }
        }
        out.add(s.substring(i, j));
        i = j;
      } else if (Character.isLetter(c) && !isHan(c)) {
        int j = i + 1;
        while (j < s.length() && Character.isLetter(s.charAt(j)) && !isHan(s.charAt(j))) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else {
        out.add(String.valueOf(c));
        i++;
      }
    }
    return out;
  }

  private static boolean isHan(char c) {
    return c >= 0x2E80 && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }

  // --- extraction
  // ----------------------------------------------------------------------------------------

  static List<Quantity> of(String text) {
    List<Quantity> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    List<String> t = tokens(text);
    int lastEnd = -1;
    for (int i = 0; i < t.size(); ) {
      Parsed n = number(t, i, lastEnd);
      if (n == null) {
        i++;
        continue;
      }
      int j = n.end;
      double value = n.value;
      // "5至7天", "5 to 7 days", "4-6 hours": the first number takes the unit of the second.
      if (j + 1 < t.size() && Set.of("至", "到", "~", "to", "-", "–").contains(t.get(j))) {
        Parsed second = number(t, j + 1, -1);
        if (second != null) {
          UnitMatch u = unit(t, second.end, t, i);
          if (u != null) {
            out.add(new Quantity(value * u.unit.factor, u.unit.kind));
            i = j + 1;
            lastEnd = i;
            continue;
          }
        }
      }
      UnitMatch u = unit(t, j, t, i);
      Quantity q;
      if (u != null) {
        if (u.unit.kind.equals(ZH_DATE)) {
          q = new Quantity(value * 100 + u.unit.factor, DATE);
        } else if (u.unit.kind.equals(CLOCK)) {
          // Hours on a 12-hour dial: "4点" in "下午4点前…4点以后" is the same 16:00 without its 下午.
          q = new Quantity((value + u.unit.factor) % 12, CLOCK);
        } else if (u.unit.kind.equals(DATE)) {
          q = new Quantity(u.unit.factor * 100 + value, DATE);
        } else if (u.unit.kind.equals(DURATION)
            && u.unit.factor == 365.25
            && value >= 1900
            && value < 2200) {
          q = new Quantity(value, "year"); // "2025年" names a year, not a duration
        } else {
          q = new Quantity(value * u.unit.factor, u.unit.kind);
        }
        j = u.end;
      } else {
        q = clockOrDatePrefix(t, i, value);
      }
      // "一直", "一起": a lone 1 with no unit says nothing.
      if (!(q.value == 1 && (q.isBare() || q.isCount()))) {
        out.add(q);
      }
      lastEnd = j;
      i = j;
    }
    return out;
  }

  /**
   * "March 12", "下午4点" (unit handles 点), "$25", "€4.95", "百分之四十": the unit stands before the
   * number.
   */
  private static Quantity clockOrDatePrefix(List<String> t, int start, double value) {
    String prev = start > 0 ? t.get(start - 1) : "";
    if (MONTHS.contains(prev) && value >= 1 && value <= 31) {
      return new Quantity(monthIndex(prev) * 100 + value, DATE);
    }
    if (prev.equals("$")
        || prev.equals("€")
        || prev.equals("£")
        || prev.equals("¥")
        || prev.equals("￥")) {
      return new Quantity(value, "money");
    }
    if (start >= 3
        && t.get(start - 3).equals("百")
        && t.get(start - 2).equals("分")
        && t.get(start - 1).equals("之")) {
      return new Quantity(value, "percent");
    }
    return new Quantity(value, BARE);
  }

  private static int monthIndex(String m) {
    return List.of(
                "january",
                "february",
                "march",
                "april",
                "may",
                "june",
                "july",
                "august",
                "september",
                "october",
                "november",
                "december")
            .indexOf(m)
        + 1;
  }

  private record Parsed(double value, int end) {}

  private record UnitMatch(Unit unit, int end) {}

  private static Parsed number(List<String> t, int i, int lastEnd) {
    String tok = t.get(i);
    char c = tok.charAt(0);
    if (c >= '0' && c <= '9') {
      try {
        return new Parsed(Double.parseDouble(tok.replace(",", "")), i + 1);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    if (EN_SMALL.containsKey(tok)) {
      return englishWords(t, i);
    }
    if (tok.equals("a") || tok.equals("an") || tok.equals("half")) {
      // "a month", "an hour", "half a year" as an amount, unless it is a rate ("$15 a month").
      String prev = i > 0 ? t.get(i - 1) : "";
      if (i == lastEnd || RATE_WORDS.contains(prev) || i + 1 >= t.size()) {
        return null;
      }
      if (tok.equals("half")) {
        int k = i + 1;
        if (k < t.size() && (t.get(k).equals("a") || t.get(k).equals("an"))) {
          k++;
        }
        return k < t.size() && isEnglishUnit(t.get(k)) ? new Parsed(0.5, k) : null;
      }
      return isEnglishUnit(t.get(i + 1)) && !isCountUnit(t.get(i + 1))
          ? new Parsed(1, i + 1)
          : null;
    }
    if (tok.length() == 1 && ZH_DIGITS.indexOf(c) >= 0) {
      if (i > 0 && t.get(i - 1).equals("第")) {
        return null; // 第二天, 第一年: ordinals, not amounts
      }
      return chinese(t, i);
    }
    if (tok.equals("半") && i + 1 < t.size()) {
      return new Parsed(0.5, i + 1);
    }
    return null;
  }

  private static boolean isEnglishUnit(String word) {
    return EN_UNITS.containsKey(singular(word));
  }

  private static boolean isCountUnit(String word) {
    Unit u = EN_UNITS.get(singular(word));
    return u != null && (u.kind.startsWith(COUNT) || u.kind.startsWith(NAMED_COUNT));
  }

  private static Parsed englishWords(List<String> t, int i) {
    double total = 0;
    double current = 0;
    int j = i;
    boolean any = false;
    while (j < t.size()) {
      String w = t.get(j);
      if (EN_SMALL.containsKey(w)) {
        current += EN_SMALL.get(w);
        any = true;
        j++;
      } else if (w.equals("hundred") && any) {
        current = Math.max(current, 1) * 100;
        j++;
      } else if (w.equals("thousand") && any) {
        total += Math.max(current, 1) * 1000;
        current = 0;
        j++;
      } else if ((w.equals("-") || w.equals("and"))
          && any
          && j + 1 < t.size()
          && EN_SMALL.containsKey(t.get(j + 1))) {
        j++;
      } else {
        break;
      }
    }
    return new Parsed(total + current, j);
  }

  /** 十四, 两, 六百, 二十五, 一万二; a trailing 千 before 克 is the unit 千克, not a thousand. */
  private static Parsed chinese(List<String> t, int i) {
    int j = i;
    StringBuilder run = new StringBuilder();
    while (j < t.size() && t.get(j).length() == 1 && ZH_DIGITS.indexOf(t.get(j).charAt(0)) >= 0) {
      run.append(t.get(j));
      j++;
    }
    if (run.length() > 1
        && run.charAt(run.length() - 1) == '千'
        && j < t.size()
        && t.get(j).equals("克")) {
      run.setLength(run.length() - 1);
      j--;
    }
    double value = chineseValue(run.toString());
    // "两个半小时" = 2.5 hours
    if (j + 1 < t.size() && t.get(j).equals("个") && t.get(j + 1).equals("半")) {
      return new Parsed(value + 0.5, j + 2);
    }
    return new Parsed(value, j);
  }

  static double chineseValue(String s) {
    if (s.indexOf('十') < 0 && s.indexOf('百') < 0 && s.indexOf('千') < 0 && s.indexOf('万') < 0) {
      double v = 0; // "二〇二五": positional digits
      for (char c : s.toCharArray()) {
        v = v * 10 + zhDigit(c);
      }
      return v;
    }
    double total = 0;
    double section = 0;
    double digit = -1;
    for (char c : s.toCharArray()) {
      int d = zhDigit(c);
      if (d >= 0) {
        digit = d;
      } else {
        double mult = c == '十' ? 10 : c == '百' ? 100 : c == '千' ? 1000 : 0;
        if (c == '万') {
          total += (section + Math.max(digit, 0)) * 10_000;
          section = 0;
        } else if (mult > 0) {
          section += (digit < 0 ? 1 : digit) * mult;
        }
        digit = -1;
      }
    }
    return total + section + Math.max(digit, 0);
  }

  private static int zhDigit(char c) {
    return switch (c) {
      case '零', '〇' -> 0;
      case '一' -> 1;
      case '二', '两' -> 2;
      case '三' -> 3;
      case '四' -> 4;
      case '五' -> 5;
      case '六' -> 6;
      case '七' -> 7;
      case '八' -> 8;
      case '九' -> 9;
      default -> -1;
    };
  }

  /** The unit after a number at {@code j}, if any. */
  private static UnitMatch unit(List<String> t, int j, List<String> all, int numberStart) {
    if (j >= t.size()) {
      return null;
    }
    int k = j;
    if (t.get(k).equals("-") && k + 1 < t.size()) {
      k++; // "3-month", "14-day"
    }
    String w = t.get(k);
    // Chinese: units are one or more characters, possibly after 个.
    if (w.length() == 1 && isHan(w.charAt(0)) || w.equals("%") || w.equals("％")) {
      if (w.equals("点")) {
        return new UnitMatch(new Unit(CLOCK, zhClockOffset(all, numberStart)), k + 1);
      }
      if (w.equals("月")) {
        // "3月31日": a calendar date (month here, the day after it); a bare "3月" is left alone.
        Parsed day = k + 1 < t.size() ? number(t, k + 1, -1) : null;
        if (day != null
            && day.end < t.size()
            && (t.get(day.end).equals("日") || t.get(day.end).equals("号"))) {
          return new UnitMatch(new Unit(ZH_DATE, day.value), day.end + 1);
        }
        return null;
      }
      for (Map.Entry<String, Unit> e : ZH_UNITS) {
        String unit = e.getKey();
        if (matchesAt(t, k, unit)) {
          return new UnitMatch(e.getValue(), k + unit.length());
        }
      }
      if (w.equals("个") && k + 1 < t.size() && isHan(t.get(k + 1).charAt(0))) {
        return new UnitMatch(new Unit(COUNT + t.get(k + 1), 1), k + 2);
      }
      if (isHan(w.charAt(0)) && !w.equals("日") && !w.equals("号") && !w.equals("月")) {
        return new UnitMatch(new Unit(COUNT + w, 1), k + 1);
      }
      return null;
    }
    if (!Character.isLetter(w.charAt(0))) {
      return null;
    }
    if (w.equals("pm") || w.equals("am")) {
      double value = numberValueBefore(all, numberStart);
      return new UnitMatch(new Unit(CLOCK, w.equals("pm") && value < 12 ? 12 : 0), k + 1);
    }
    if (w.equals("noon")) {
      return new UnitMatch(new Unit(CLOCK, 0), k + 1);
    }
    if (MONTHS.contains(w)) {
      return new UnitMatch(new Unit(DATE, monthIndex(w)), k + 1);
    }
    if ((w.equals("business") || w.equals("working") || w.equals("calendar"))
        && k + 1 < t.size()
        && singular(t.get(k + 1)).equals("day")) {
      return new UnitMatch(EN_UNITS.get("day"), k + 2);
    }
    if (w.equals("per") && k + 1 < t.size() && t.get(k + 1).equals("cent")) {
      return new UnitMatch(EN_UNITS.get("percent"), k + 2);
    }
    if ((w.equals("watt") || w.equals("kilowatt"))
        && k + 2 < t.size()
        && t.get(k + 1).equals("-")
        && singular(t.get(k + 2)).equals("hour")) {
      return new UnitMatch(w.equals("watt") ? EN_UNITS.get("wh") : EN_UNITS.get("kwh"), k + 3);
    }
    Unit u = EN_UNITS.get(singular(w));
    if (u != null) {
      // "s", "h", "m", "g" only right after digits ("30s", "2h"), not after number words.
      if (w.length() == 1 && !Character.isDigit(all.get(numberStart).charAt(0))) {
        return null;
      }
      return new UnitMatch(u, k + 1);
    }
    if (w.length() >= 3 && !SupportTerms.isStopWord(w) && k == j) {
      return new UnitMatch(new Unit(COUNT + singular(w), 1), k + 1);
    }
    return null;
  }

  private static double numberValueBefore(List<String> t, int start) {
    try {
      return Double.parseDouble(t.get(start).replace(",", ""));
    } catch (NumberFormatException e) {
      Parsed p = EN_SMALL.containsKey(t.get(start)) ? englishWords(t, start) : null;
      return p == null ? 0 : p.value;
    }
  }

  /** 下午/晚上 4点 is 16:00; 上午/早上/中午 keep the hour. */
  private static double zhClockOffset(List<String> t, int numberStart) {
    if (numberStart >= 2) {
      String before = t.get(numberStart - 2) + t.get(numberStart - 1);
      double value = numberValueBefore(t, numberStart);
      if ((before.equals("下午") || before.equals("晚上") || before.equals("傍晚")) && value < 12) {
        return 12;
      }
    }
    return 0;
  }

  private static boolean matchesAt(List<String> t, int k, String unit) {
    if (k + unit.length() > t.size()) {
      return false;
    }
    for (int x = 0; x < unit.length(); x++) {
      if (!t.get(k + x).equals(String.valueOf(unit.charAt(x)))) {
        return false;
      }
    }
    return true;
  }

  static String singular(String w) {
    if (w.length() > 3 && w.endsWith("ies")) {
      return w.substring(0, w.length() - 3) + "y";
    }
    if (w.length() > 2 && w.endsWith("s") && !w.endsWith("ss")) {
      return w.substring(0, w.length() - 1);
    }
    return w;
  }
}
