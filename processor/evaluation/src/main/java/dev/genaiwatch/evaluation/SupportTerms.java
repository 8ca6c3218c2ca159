package dev.genaiwatch.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Terms for per-sentence support. Latin words: lower-cased, 3+ letters, not a function word, cut to
 * their first five letters (a crude stemmer: "covered" = "coverage", "returns" = "returned").
 * Chinese: character bigrams of each Han run, and the lone character of a one-character run (so
 * "6折" or "看屏幕" still have terms); bigrams made only of function characters are dropped. Numbers
 * are left to {@link Quantities}.
 */
final class SupportTerms {
  private SupportTerms() {}

  private static final Set<String> STOP_WORDS =
      Set.of(
          "the",
          "and",
          "for",
          "are",
          "was",
          "were",
          "with",
          "that",
          "this",
          "you",
          "your",
          "what",
          "which",
          "from",
          "how",
          "why",
          "who",
          "its",
          "has",
          "have",
          "not",
          "but",
          "can",
          "does",
          "did",
          "into",
          "about",
          "will",
          "would",
          "should",
          "could",
          "may",
          "might",
          "must",
          "also",
          "than",
          "then",
          "there",
          "their",
          "they",
          "them",
          "these",
          "those",
          "our",
          "out",
          "any",
          "all",
          "each",
          "per",
          "yes",
          "get",
          "gets",
          "got",
          "just",
          "only",
          "very",
          "when",
          "where",
          "while",
          "after",
          "before",
          "over",
          "under",
          "between",
          "been",
          "being",
          "some",
          "such",
          "one",
          "two",
          "three",
          "four",
          "five",
          "six",
          "seven",
          "eight",
          "nine",
          "ten",
          "twenty",
          "hundred",
          "thousand",
          "it's",
          "don",
          "won",
          "isn",
          "aren",
          "doesn",
          "here",
          "more",
          "most",
          "less",
          "least",
          "much",
          "many",
          "both",
          "either",
          "other",
          "again",
          "long",
          "often",
          "whether",
          "depend",
          "depends",
          "need",
          "needs",
          "like",
          "let",
          "lets");

  private static final String STOP_CHARS =
      "的了是在和与及或也都就要可以吗呢吧啊我你他她它们这那个有不没很会能为把被将对从于之其等而且并还但如果么么啦呀哦";

  static boolean isStopWord(String w) {
    return STOP_WORDS.contains(w);
  }

  static Set<String> of(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text == null) {
      return out;
    }
    String s = text.toLowerCase(Locale.ROOT).replace('’', '\'');
    StringBuilder word = new StringBuilder();
    StringBuilder han = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isHan(c)) {
        flushWord(word, out);
        han.append(c);
      } else if (Character.isLetter(c) || c == '\'' && word.length() > 0) {
        flushHan(han, out);
        word.append(c);
      } else {
        flushWord(word, out);
        flushHan(han, out);
      }
    }
    flushWord(word, out);
    flushHan(han, out);
    return out;
  }

  /** Every Han character of the text, for matching one-character terms. */
  static Set<String> characters(String text) {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < text.length(); i++) {
      if (isHan(text.charAt(i))) {
        out.add(String.valueOf(text.charAt(i)));
      }
    }
    return out;
  }

  static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      cur.append(c);
      boolean end =
          c == '。'
              || c == '！'
              || c == '？'
              || c == '；'
              || c == '\n'
              || c == ';'
              || (c == '.' || c == '!' || c == '?')
                  && (i + 1 == text.length() || Character.isWhitespace(text.charAt(i + 1)));
      if (end) {
        add(cur, out);
      }
    }
    add(cur, out);
    return out;
  }

  private static void add(StringBuilder cur, List<String> out) {
    String s = cur.toString().strip();
    if (!s.isEmpty() && s.codePoints().anyMatch(Character::isLetterOrDigit)) {
      out.add(s);
    }
    cur.setLength(0);
  }

  private static void flushWord(StringBuilder word, Set<String> out) {
    String w = word.toString();
    word.setLength(0);
    if (w.endsWith("'s")) {
      w = w.substring(0, w.length() - 2);
    }
    if (w.length() < 3 || STOP_WORDS.contains(w) || w.contains("'")) {
      return;
    }
    w = Quantities.singular(w);
    out.add(w.length() > 5 ? w.substring(0, 5) : w);
  }

  private static void flushHan(StringBuilder run, Set<String> out) {
    if (run.length() == 1) {
      if (STOP_CHARS.indexOf(run.charAt(0)) < 0) {
        out.add(run.toString());
      }
    }
    for (int i = 0; i + 1 < run.length(); i++) {
      if (STOP_CHARS.indexOf(run.charAt(i)) < 0 || STOP_CHARS.indexOf(run.charAt(i + 1)) < 0) {
        out.add(run.substring(i, i + 2));
      }
    }
    run.setLength(0);
  }

  static boolean isHan(char c) {
    return c >= 0x2E80 && Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
  }
}
