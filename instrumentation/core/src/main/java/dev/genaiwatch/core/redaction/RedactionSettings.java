package dev.genaiwatch.core.redaction;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Reads the {@code genai.watch.redaction.*} settings into an engine builder. Every problem (an
 * invalid regex, an unknown rule name, an unreadable file, hash mode without a key) is one warning
 * line and the setting is skipped: redaction with the rules that did parse is better than none.
 * Warnings never include the hash key or a rule's regex match.
 */
final class RedactionSettings {
  private RedactionSettings() {}

  static RedactionEngine.Builder apply(GenAiWatchConfig config, RedactionEngine.Builder builder) {
    for (String name : config.redactionDisabledRules()) {
      if (!builder.disable(name)) {
        GenAiWatchLog.warn(
            "unknown redaction rule '"
                + name
                + "' in "
                + GenAiWatchConfig.REDACTION_DISABLED_RULES
                + "; known rules: "
                + String.join(", ", RedactionEngine.builtInRuleNames()));
      }
    }
    String rules = config.raw(GenAiWatchConfig.REDACTION_RULES);
    if (rules != null) {
      addRules(builder, entries(rules), GenAiWatchConfig.REDACTION_RULES);
    }
    String file = config.raw(GenAiWatchConfig.REDACTION_RULES_FILE);
    if (file != null && !file.isBlank()) {
      try {
        addRules(
            builder,
            entries(Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8)),
            file.trim());
      } catch (IOException | RuntimeException e) {
        GenAiWatchLog.warn(
            "cannot read redaction rules file "
                + file.trim()
                + " ("
                + e.getClass().getSimpleName()
                + "); its rules are not applied");
      }
    }
    String allow = config.raw(GenAiWatchConfig.REDACTION_ALLOW);
    if (allow != null) {
      for (String regex : entries(allow)) {
        try {
          builder.allow(regex);
        } catch (PatternSyntaxException e) {
          GenAiWatchLog.warn(
              "invalid allow-list regex in "
                  + GenAiWatchConfig.REDACTION_ALLOW
                  + " skipped: "
                  + e.getDescription()
                  + " at index "
                  + e.getIndex());
        }
      }
    }
    if (config.redactionHashMode()) {
      String key = config.raw(GenAiWatchConfig.REDACTION_HASH_KEY);
      if (key == null || key.isEmpty()) {
        GenAiWatchLog.warn(
            GenAiWatchConfig.REDACTION_MODE
                + "=hash needs "
                + GenAiWatchConfig.REDACTION_HASH_KEY
                + " ("
                + GenAiWatchConfig.toEnvName(GenAiWatchConfig.REDACTION_HASH_KEY)
                + "); using placeholders");
      } else {
        builder.hashKey(key);
      }
    }
    return builder;
  }

  private static void addRules(
      RedactionEngine.Builder builder, List<String> entries, String source) {
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        GenAiWatchLog.warn("redaction rule in " + source + " skipped: expected name=regex");
        continue;
      }
      String name = entry.substring(0, eq).trim();
      try {
        builder.addRule(name, entry.substring(eq + 1));
      } catch (PatternSyntaxException e) {
        GenAiWatchLog.warn(
            "redaction rule '"
                + name
                + "' in "
                + source
                + " skipped: invalid regex ("
                + e.getDescription()
                + " at index "
                + e.getIndex()
                + ")");
      } catch (IllegalArgumentException e) {
        GenAiWatchLog.warn("redaction rule in " + source + " skipped: " + e.getMessage());
      }
    }
  }

  /**
   * Splits on new lines and on {@code ;} not preceded by a backslash; {@code \;} stays in the
   * regex, where it means a literal semicolon. Blank entries and lines starting with {@code #} are
   * ignored.
   */
  static List<String> entries(String value) {
    List<String> entries = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean escaped = i > 0 && value.charAt(i - 1) == '\\';
      if (c == '\n' || c == '\r' || c == ';' && !escaped) {
        addEntry(entries, current);
      } else {
        current.append(c);
      }
    }
    addEntry(entries, current);
    return entries;
  }

  private static void addEntry(List<String> entries, StringBuilder current) {
    String entry = current.toString().strip();
    current.setLength(0);
    if (!entry.isEmpty() && !entry.startsWith("#")) {
      entries.add(entry);
    }
  }
}
