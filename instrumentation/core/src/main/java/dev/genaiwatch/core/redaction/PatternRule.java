package dev.genaiwatch.core.redaction;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule made of a cheap prefilter, a compiled pattern and a validator. The prefilter skips the
 * pattern entirely for text that cannot contain a match (no {@code @}, no digit, ...), which is
 * most text; a prefilter that is a {@link WordSet} is answered from the words the engine looked for
 * once for all rules ({@link TextChars#holds}). The replaced span is the whole match, or for a rule
 * made {@link #valueInGroup} the first capturing group that took part in it, so context such as
 * {@code password=} or {@code Bearer} stays readable.
 */
final class PatternRule implements RedactionRule {
  private final String name;
  private final String label;
  private final Predicate<String> prefilter;
  private final Pattern pattern;
  private final Predicate<String> validator;
  private final boolean valueInGroup;
  private final boolean budgeted;
  private final StartCandidates startsOrNull;
  private final ContextCheck contextOrNull;

  /**
   * A matcher per thread, reset for each text and emptied after it (so it keeps no text): most
   * texts are short (a response id, a finish reason) and a new matcher's arrays were most of what
   * redacting them allocated. Null for a user's rule, whose matcher reads through a {@link
   * MatchingBudget} of its own per text.
   */
  private final ThreadLocal<Matcher> reusable;

  /** ASCII characters a match can start with (null: any); {@link #firstOther} lists the others. */
  private final boolean[] firstAscii;

  private final String firstOther;

  /** {@link #firstAscii} as a {@link TextChars#mask}, or null when any character may start. */
  private final long[] firstMask;

  /**
   * Every match starts at a word start ({@link TextChars#wordStarts}), as the pattern's opening
   * lookbehind requires: given the text's word starts, the scan visits only those.
   */
  private final boolean atWordStarts;

  /**
   * {@link #atWordStarts}, and every character a match can start with is a digit, {@code +} or
   * {@code (}: the scan visits only the word starts at one of those ({@link
   * TextChars#numberStarts}).
   */
  private final boolean atNumberStarts;

  /**
   * Where a match can start: a necessary condition on the text at an index. A pattern led by a
   * lookbehind is otherwise tried at every index of the text (that was most of the redaction time
   * on ordinary prose, where a digit or a dot is enough to pass a rule's prefilter); with this the
   * pattern is only tried, anchored, at the indices that pass.
   */
  @FunctionalInterface
  interface StartCandidates {
    boolean mayStartAt(String text, int index);
  }

  /**
   * A check on the text around a validated value ({@code text.substring(start, end)}): for formats
   * that are only numbers (SSN, passport, AWS secret key) the words near the value are what tells a
   * secret from an order number.
   */
  @FunctionalInterface
  interface ContextCheck {
    boolean accepts(String text, int start, int end);
  }

  private PatternRule(
      String name,
      String label,
      Predicate<String> prefilter,
      Pattern pattern,
      Predicate<String> validator,
      boolean valueInGroup,
      boolean budgeted,
      StartCandidates startsOrNull,
      ContextCheck contextOrNull,
      boolean[] firstAscii,
      String firstOther,
      boolean atWordStarts) {
    this.name = name;
    this.label = label;
    this.prefilter = prefilter;
    this.pattern = pattern;
    this.validator = validator;
    this.valueInGroup = valueInGroup;
    this.budgeted = budgeted;
    this.reusable = budgeted ? null : ThreadLocal.withInitial(() -> pattern.matcher(""));
    this.startsOrNull = startsOrNull;
    this.contextOrNull = contextOrNull;
    this.firstAscii = firstAscii;
    this.firstOther = firstOther;
    this.firstMask = firstAscii == null ? null : TextChars.mask(firstAscii);
    this.atWordStarts = atWordStarts;
    this.atNumberStarts = atWordStarts && firstOther.isEmpty() && onlyNumberStarts(firstAscii);
  }

  private static boolean onlyNumberStarts(boolean[] firstAscii) {
    if (firstAscii == null) {
      return false;
    }
    for (char c = 0; c < firstAscii.length; c++) {
      if (firstAscii[c] && !TextChars.startsNumber(c)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The same rule, trying its pattern at every index (what {@link #startingWhere} must never
   * change).
   */
  PatternRule scanningEveryIndex() {
    return withScan(null, contextOrNull, null, "", false);
  }

  /** The same rule, trying its pattern only where {@code starts} allows a match to begin. */
  PatternRule startingWhere(StartCandidates starts) {
    return withScan(starts, contextOrNull, firstAscii, firstOther, atWordStarts);
  }

  /**
   * The same rule, trying its pattern only at characters among {@code firstChars} where {@code
   * starts} allows a match: the character test is one table lookup in the scan loop, cheaper than
   * calling {@code starts} at every index, which was most of a digit-led rule's time on a clean
   * prompt.
   */
  PatternRule startingWith(String firstChars, StartCandidates starts) {
    boolean[] ascii = new boolean[128];
    StringBuilder other = new StringBuilder();
    for (char c : firstChars.toCharArray()) {
      if (c < 128) {
        ascii[c] = true;
      } else {
        other.append(c);
      }
    }
    return withScan(starts, contextOrNull, ascii, other.toString(), atWordStarts);
  }

  /**
   * The same rule, trying its pattern only at the text's word starts (and there only where its
   * other start conditions allow): for a pattern whose opening lookbehind rules out a match right
   * after an ASCII letter or digit, such as {@code (?<![A-Za-z0-9])} or {@code (?<![\w\-.])}. Only
   * for a rule with start candidates.
   */
  PatternRule atWordStarts() {
    if (startsOrNull == null) {
      throw new IllegalStateException(name + " has no start candidates to restrict");
    }
    return withScan(startsOrNull, contextOrNull, firstAscii, firstOther, true);
  }

  /** This rule's pattern and validation with other start candidates and context check. */
  private PatternRule withScan(
      StartCandidates starts,
      ContextCheck context,
      boolean[] ascii,
      String other,
      boolean wordStarts) {
    return new PatternRule(
        name,
        label,
        prefilter,
        pattern,
        validator,
        valueInGroup,
        budgeted,
        starts,
        context,
        ascii,
        other,
        wordStarts);
  }

  static final String DIGITS = "0123456789";
  static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  static final String LOWER = "abcdefghijklmnopqrstuvwxyz";

  /**
   * The same rule, keeping a validated value only where {@code context} accepts the text around it.
   */
  PatternRule when(ContextCheck context) {
    return withScan(startsOrNull, context, firstAscii, firstOther, atWordStarts);
  }

  /** Replaces the whole match. */
  PatternRule(
      String name,
      String label,
      Predicate<String> prefilter,
      Pattern pattern,
      Predicate<String> validator) {
    this(name, label, prefilter, pattern, validator, false, false, null, null, null, "", false);
  }

  /**
   * Replaces only the first capturing group that took part in the match, or the whole match without
   * one.
   */
  static PatternRule valueInGroup(
      String name,
      String label,
      Predicate<String> prefilter,
      Pattern pattern,
      Predicate<String> validator) {
    return new PatternRule(
        name, label, prefilter, pattern, validator, true, false, null, null, null, "", false);
  }

  /**
   * A user's rule: replaces its first participating group (or the whole match), and matches under a
   * {@link MatchingBudget} because its regex is not known to be linear.
   *
   * @throws MatchingBudget.Exceeded from {@link #findIn} when the regex backtracks without bound
   */
  static PatternRule userRule(String name, Pattern pattern) {
    return new PatternRule(
        name,
        name.toUpperCase(Locale.ROOT),
        text -> true,
        pattern,
        value -> true,
        true,
        true,
        null,
        null,
        null,
        "",
        false);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String label() {
    return label;
  }

  /**
   * As {@link #findIn(String, List)}, skipping a text that {@code chars} shows to hold none of the
   * characters a match can start with, and visiting only its word starts when the rule's matches
   * start at one.
   */
  @Override
  public void findIn(String text, TextChars chars, List<RedactionMatch> out) {
    if (firstMask == null || chars.mayContain(firstMask, !firstOther.isEmpty())) {
      scan(text, chars, out);
    }
  }

  @Override
  public void findIn(String text, List<RedactionMatch> out) {
    scan(text, null, out);
  }

  /**
   * Finds the matches; given the text's {@code chars} (else null), asks them for the prefilter's
   * words and visits only their word starts when the rule's matches start at one.
   */
  private void scan(String text, TextChars chars, List<RedactionMatch> out) {
    boolean mayMatch =
        chars != null && prefilter instanceof WordSet words
            ? chars.holds(words)
            : prefilter.test(text);
    if (!mayMatch) {
      return;
    }
    TextChars wordStarts = atWordStarts ? chars : null;
    Matcher m = null;
    try {
      if (startsOrNull == null) {
        m = matcher(text).useTransparentBounds(false).useAnchoringBounds(true);
        while (m.find()) {
          add(m, text, out);
        }
        return;
      }
      int length = text.length();
      int[] starts;
      int candidates;
      if (wordStarts == null) {
        starts = null;
        candidates = length;
      } else if (atNumberStarts) {
        starts = wordStarts.numberStarts();
        candidates = wordStarts.numberStartCount();
      } else {
        starts = wordStarts.wordStarts();
        candidates = wordStarts.wordStartCount();
      }
      boolean[] first = firstAscii;
      // Where the next match may start: not inside the last one.
      int next = 0;
      for (int k = 0; k < candidates; k++) {
        int i = starts == null ? k : starts[k];
        if (i < next) {
          continue;
        }
        if (first != null) {
          char c = text.charAt(i);
          if (c < 128 ? !first[c] : firstOther.indexOf(c) < 0) {
            continue;
          }
        }
        if (startsOrNull.mayStartAt(text, i)) {
          if (m == null) {
            // Made at the first candidate start: most texts have none. Anchored at each candidate
            // in turn; lookbehinds and lookaheads still see the whole text.
            m = matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
          }
          m.region(i, length);
          if (m.lookingAt()) {
            add(m, text, out);
            next = Math.max(i + 1, m.end());
          }
        }
      }
    } finally {
      if (m != null && reusable != null) {
        m.reset("");
      }
    }
  }

  private Matcher matcher(String text) {
    return budgeted ? pattern.matcher(new MatchingBudget(text)) : reusable.get().reset(text);
  }

  private void add(Matcher m, String text, List<RedactionMatch> out) {
    int group = valueInGroup ? redactedGroup(m) : 0;
    int start = m.start(group);
    int end = m.end(group);
    if (end > start
        && validator.test(text.substring(start, end))
        && (contextOrNull == null || contextOrNull.accepts(text, start, end))) {
      out.add(new RedactionMatch(start, end, this));
    }
  }

  private static int redactedGroup(Matcher m) {
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.start(g) >= 0) {
        return g;
      }
    }
    return 0;
  }

  static Predicate<String> contains(String literal) {
    return text -> text.contains(literal);
  }

  static Predicate<String> containsChar(char c) {
    return text -> text.indexOf(c) >= 0;
  }

  static Predicate<String> containsDigit() {
    return text -> {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
          return true;
        }
      }
      return false;
    };
  }
}
