package dev.genaiwatch.evaluation;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Content terms of a text for lexical overlap: lower-cased letter/digit words of 3+ characters
 * minus common English function words, and character bigrams of CJK runs (Chinese has no spaces,
 * and single characters are too common to mean anything; a lone CJK character counts as itself).
 */
final class ContentTerms {
  private ContentTerms() {}

  private static final Set<String> STOP_WORDS =
      Set.of(
          "the", "and", "for", "are", "was", "were", "with", "that", "this", "you", "your", "what",
          "which", "from", "how", "why", "who", "its", "has", "have", "not", "but", "can", "does",
          "did", "into", "about");

  static Set<String> of(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text == null) {
      return out;
    }
    String s = text.toLowerCase(Locale.ROOT);
    StringBuilder word = new StringBuilder();
    StringBuilder cjk = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isCjk(cp)) {
        flushWord(word, out);
        cjk.appendCodePoint(cp);
      } else if (Character.isLetterOrDigit(cp)) {
        flushCjk(cjk, out);
        word.appendCodePoint(cp);
      } else {
        flushWord(word, out);
        flushCjk(cjk, out);
      }
    }
    flushWord(word, out);
    flushCjk(cjk, out);
    return out;
  }

  /** Share of {@code terms} also in {@code reference}; 0 for no terms. */
  static double shareFoundIn(Set<String> terms, Set<String> reference) {
    if (terms.isEmpty()) {
      return 0;
    }
    int hit = 0;
    for (String t : terms) {
      if (reference.contains(t)) {
        hit++;
      }
    }
    return (double) hit / terms.size();
  }

  private static void flushWord(StringBuilder word, Set<String> out) {
    if (word.length() >= 3 && !STOP_WORDS.contains(word.toString())) {
      out.add(word.toString());
    }
    word.setLength(0);
  }

  private static void flushCjk(StringBuilder run, Set<String> out) {
    int[] cps = run.codePoints().toArray();
    if (cps.length == 1) {
      out.add(new String(cps, 0, 1));
    }
    for (int i = 0; i + 1 < cps.length; i++) {
      out.add(new String(cps, i, 2));
    }
    run.setLength(0);
  }

  private static boolean isCjk(int cp) {
    if (cp < 0x1100) {
      return false; // Latin, Greek, Cyrillic...: skip the script lookup on the common path
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL;
  }
}
