package dev.genaiwatch.evaluation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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

  /**
   * The unit and number-word tables, kept as data in {@code quantity-units.tsv} beside this class
   * so that adding a unit is one line there, not code.
   */
  private static final class UnitTables {
    private static final String RESOURCE = "quantity-units.tsv";

    final Map<String, Unit> english = new HashMap<>();
    final List<Map.Entry<String, Unit>> chinese = new ArrayList<>();
    final Map<String, Integer> numberWords = new HashMap<>();
    final Set<String> months = new HashSet<>();

    static UnitTables load() {
      UnitTables tables = new UnitTables();
      try (InputStream in = Quantities.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(RESOURCE + " is missing from the class path");
        }
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (!line.isBlank() && !line.startsWith("#")) {
            tables.add(line.split("\t"), number);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      return tables;
    }

    private void add(String[] f, int line) {
      switch (f[0]) {
        case "unit" -> {
          Unit unit = new Unit(f[3], factor(f[4]));
          if (f[1].equals("zh")) {
            chinese.add(Map.entry(f[2], unit));
          } else {
            english.put(f[2], unit);
          }
        }
        case "number" -> numberWords.put(f[1], Integer.parseInt(f[2]));
        case "month" -> months.add(f[1]);
        default -> throw new IllegalStateException(RESOURCE + " line " + line + ": " + f[0]);
      }
    }

    private static double factor(String text) {
      int slash = text.indexOf('/');
      return slash < 0
          ? Double.parseDouble(text)
          : Double.parseDouble(text.substring(0, slash))
              / Double.parseDouble(text.substring(slash + 1));
    }
  }

  private static final UnitTables TABLES = UnitTables.load();
  private static final Map<String, Unit> EN_UNITS = TABLES.english;
  private static final Set<String> MONTHS = TABLES.months;

  /** Chinese units, longest first where one is a prefix of another. */
  private static final List<Map.Entry<String, Unit>> ZH_UNITS = TABLES.chinese;

  private static final Map<String, Integer> EN_SMALL = TABLES.numberWords;

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
