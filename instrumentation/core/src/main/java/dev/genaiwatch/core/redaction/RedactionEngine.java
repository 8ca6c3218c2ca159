package dev.genaiwatch.core.redaction;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.content.Redactor;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The redaction engine: built-in credential and personal-data rules with validators, user rules, an
 * allow-list, and typed placeholders or keyed hashes as replacements.
 *
 * <p>Rules are tried in priority order (credentials, user rules, personal data). A candidate that
 * overlaps one already accepted is dropped, so each character is replaced at most once and the
 * result does not depend on which rule happened to match first in the text. Work is linear in the
 * text: each rule is one scan with a pattern that cannot backtrack catastrophically (see {@link
 * BuiltInRules}), skipped entirely when its prefilter says the text cannot contain a match, and the
 * result is built in one copy.
 */
public final class RedactionEngine implements Redactor {
  private static final String HMAC = "HmacSHA256";

  private final List<RedactionRule> rules;
  private final List<Pattern> allow;
  private final SecretKeySpec hashKey;
  private final Set<String> reportedRunaway = ConcurrentHashMap.newKeySet();

  private RedactionEngine(List<RedactionRule> rules, List<Pattern> allow, SecretKeySpec hashKey) {
    this.rules = List.copyOf(rules);
    this.allow = List.copyOf(allow);
    this.hashKey = hashKey;
  }

  /** Every built-in rule, placeholders, no user rules: what runs when nothing is configured. */
  public static RedactionEngine defaults() {
    return builder().build();
  }

  /**
   * The engine the {@code genai.watch.redaction.*} settings describe; bad settings are reported,
   * never fatal.
   */
  public static RedactionEngine fromConfig(GenAiWatchConfig config) {
    return configuredBy(config).build();
  }

  /**
   * The settings read and the user's rules compiled, so that a bad setting is reported now; the
   * built-in rules are compiled by {@link Builder#build}, which the agent leaves to the telemetry
   * start in the background, off the application's start-up.
   */
  public static Builder configuredBy(GenAiWatchConfig config) {
    return RedactionSettings.apply(config, builder());
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Names of the built-in rules, in priority order. */
  public static List<String> builtInRuleNames() {
    List<String> names = new ArrayList<>();
    for (RedactionRule rule : builtIns()) {
      names.add(rule.name());
    }
    return names;
  }

  private static List<RedactionRule> builtIns() {
    List<RedactionRule> all = new ArrayList<>(BuiltInRules.all());
    all.addAll(BuiltInRules.personalData());
    return all;
  }

  @Override
  public String redact(String text, RedactionCounter counter) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    List<RedactionMatch> matches = find(text);
    if (matches.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int last = 0;
    for (RedactionMatch m : matches) {
      out.append(text, last, m.start())
          .append(replacement(m.rule(), text.substring(m.start(), m.end())));
      last = m.end();
    }
    out.append(text, last, text.length());
    counter.add(matches.size());
    return out.toString();
  }

  /**
   * Scans {@code keep} + {@value #SCAN_BEYOND_KEPT} characters of a longer text, not all of it: a
   * 60,000-character answer or a retrieval-augmented prompt is cut to the content length limit
   * anyway, and scanning what is cut off was most of the redaction work on such calls. The result
   * is the full redaction's first {@code keep} characters: a secret straddling the end of the kept
   * part is seen whole, since the scan goes on past it. Where the scan stops, a long secret could
   * be cut in two and go unrecognised, so the kept part must end at least {@value #SETTLED}
   * characters (of the original text) before the scan's end; that only fails when redactions shrank
   * the kept part a lot (e.g. several private keys replaced by placeholders), and then the whole
   * text is redacted as by {@link #redact}.
   */
  @Override
  public String redactPrefix(String text, int keep, RedactionCounter counter) {
    if (text == null || text.length() <= (long) keep + SCAN_BEYOND_KEPT) {
      return Redactor.super.redactPrefix(text, keep, counter);
    }
    int scanned = keep + SCAN_BEYOND_KEPT;
    if (Character.isHighSurrogate(text.charAt(scanned - 1))) {
      scanned--;
    }
    String head = text.substring(0, scanned);
    StringBuilder out = new StringBuilder(keep + 64);
    int last = 0;
    int used = 0;
    for (RedactionMatch m : find(head)) {
      int room = keep - out.length();
      if (room <= 0 || m.start() - last >= room) {
        break;
      }
      out.append(head, last, m.start())
          .append(replacement(m.rule(), head.substring(m.start(), m.end())));
      last = m.end();
      used++;
    }
    int room = keep - out.length();
    if (room > 0) {
      int to = Math.min(head.length(), last + room);
      out.append(head, last, to);
      last = to;
    }
    if (last > scanned - SETTLED) {
      return Redactor.super.redactPrefix(text, keep, counter);
    }
    counter.add(used);
    return out.length() > keep ? out.substring(0, keep) : out.toString();
  }

  /** How far past the kept characters {@link #redactPrefix} scans. */
  static final int SCAN_BEYOND_KEPT = 8192;

  /**
   * How far before the scan's end the kept part must end: longer than any secret a rule has to see
   * whole to recognise (a private key, recognised cut off too, is the longest).
   */
  static final int SETTLED = 4096;

  /** What {@link #redact} would replace, in text order, without replacing it. */
  public List<RedactionMatch> find(String text) {
    List<RedactionMatch> candidates = new ArrayList<>();
    // Made at the first accepted match: most texts have none.
    TreeMap<Integer, RedactionMatch> accepted = null;
    TextChars chars = TextChars.of(text);
    for (RedactionRule rule : rules) {
      candidates.clear();
      try {
        rule.findIn(text, chars, candidates);
      } catch (MatchingBudget.Exceeded e) {
        // Whether the text holds what the rule looks for is unknown: fail closed, the whole text is
        // replaced.
        reportRunaway(rule, text.length());
        return List.of(new RedactionMatch(0, text.length(), rule));
      }
      for (int i = 0; i < candidates.size(); i++) {
        RedactionMatch c = candidates.get(i);
        if (accepted == null) {
          accepted = new TreeMap<>();
        } else if (overlapsAccepted(accepted, c)) {
          continue;
        }
        if (!allowed(text.substring(c.start(), c.end()))) {
          accepted.put(c.start(), c);
        }
      }
    }
    return accepted == null ? List.of() : new ArrayList<>(accepted.values());
  }

  private void reportRunaway(RedactionRule rule, int textLength) {
    if (reportedRunaway.add(rule.name())) {
      GenAiWatchLog.warn(
          "redaction rule '"
              + rule.name()
              + "' exceeded its matching budget on a text of "
              + textLength
              + " characters (catastrophic backtracking); such texts are replaced whole. Avoid"
              + " nested quantifiers such as (a+)+ in its regex");
    }
  }

  private static boolean overlapsAccepted(
      TreeMap<Integer, RedactionMatch> accepted, RedactionMatch c) {
    Map.Entry<Integer, RedactionMatch> before = accepted.floorEntry(c.start());
    if (before != null && before.getValue().end() > c.start()) {
      return true;
    }
    Map.Entry<Integer, RedactionMatch> after = accepted.ceilingEntry(c.start());
    return after != null && after.getKey() < c.end();
  }

  private boolean allowed(String value) {
    for (Pattern p : allow) {
      if (p.matcher(value).matches()) {
        return true;
      }
    }
    return false;
  }

  private String replacement(RedactionRule rule, String value) {
    if (hashKey == null) {
      return "<" + rule.label() + ">";
    }
    return "<" + rule.label() + ":" + hash(value) + ">";
  }

  /**
   * First 8 hex digits of HMAC-SHA256(key, value): stable per key, not reversible without the key.
   */
  private String hash(String value) {
    try {
      Mac mac =
          Mac.getInstance(
              HMAC); // Mac is not thread-safe; a new one per value is cheap next to the scan
      mac.init(hashKey);
      byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder(8);
      for (int i = 0; i < 4; i++) {
        hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16))
            .append(Character.forDigit(digest[i] & 0xF, 16));
      }
      return hex.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(HMAC + " is required by every Java runtime", e);
    }
  }

  /** Assembles an engine; rule names are checked, regexes compiled, here rather than per call. */
  public static final class Builder {
    private final Set<String> disabled = new HashSet<>();
    private final List<RedactionRule> userRules = new ArrayList<>();
    private final List<Pattern> allow = new ArrayList<>();
    private SecretKeySpec hashKey;

    private Builder() {}

    /** Turns off a built-in rule by name; returns false if there is no such rule. */
    public boolean disable(String ruleName) {
      if (!builtInRuleNames().contains(ruleName)) {
        return false;
      }
      disabled.add(ruleName);
      return true;
    }

    /**
     * Adds a rule replacing what {@code regex} matches (or its first capturing group that took
     * part) with {@code <NAME>}, the name upper-cased.
     *
     * @throws java.util.regex.PatternSyntaxException if the regex is invalid
     * @throws IllegalArgumentException if the name is not letters, digits and underscores
     */
    public Builder addRule(String name, String regex) {
      if (!name.matches("[A-Za-z][A-Za-z0-9_]{0,63}")) {
        throw new IllegalArgumentException("rule name must be letters, digits and '_': " + name);
      }
      userRules.add(PatternRule.userRule(name, Pattern.compile(regex)));
      return this;
    }

    /** Values matched in full by {@code regex} are never replaced. */
    public Builder allow(String regex) {
      allow.add(Pattern.compile(regex));
      return this;
    }

    /** Switches replacements from placeholders to keyed hashes. */
    public Builder hashKey(String key) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("hash key must not be empty");
      }
      hashKey = new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), HMAC);
      return this;
    }

    public RedactionEngine build() {
      List<RedactionRule> rules = new ArrayList<>();
      for (RedactionRule rule : BuiltInRules.all()) {
        if (!disabled.contains(rule.name())) {
          rules.add(rule);
        }
      }
      rules.addAll(userRules);
      for (RedactionRule rule : BuiltInRules.personalData()) {
        if (!disabled.contains(rule.name())) {
          rules.add(rule);
        }
      }
      return new RedactionEngine(rules, allow, hashKey);
    }
  }
}
