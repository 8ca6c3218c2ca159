package dev.genaiwatch.core.config;

import dev.genaiwatch.core.GenAiWatchLog;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * genai-watch's own settings. Every setting has a system-property form ({@code -Dgenai.watch.x.y})
 * and an environment form ({@code GENAI_WATCH_X_Y}); the system property wins, as in
 * OpenTelemetry's own autoconfiguration, so a launcher can override what the container environment
 * says.
 */
public final class GenAiWatchConfig {

  public static final String ENABLED = "genai.watch.enabled";
  public static final String CAPTURE_CONTENT = "genai.watch.capture.content";
  public static final String CONTENT_MAX_LENGTH = "genai.watch.content.max.length";
  public static final String DEBUG = "genai.watch.debug";
  public static final String SHUTDOWN_TIMEOUT_MS = "genai.watch.shutdown.timeout.ms";

  /**
   * How long a stream's span waits for the application to subscribe before it ends as {@code
   * never_subscribed} (0: only when the stream is garbage collected).
   */
  public static final String STREAM_SUBSCRIBE_TIMEOUT_MS =
      "genai.watch.stream.subscribe.timeout.ms";

  /**
   * Prefix of the per-instrumentation switch: {@code
   * genai.watch.instrumentation.openai-java.enabled}.
   */
  public static final String INSTRUMENTATION_PREFIX = "genai.watch.instrumentation.";

  /**
   * User rules: {@code name=regex} entries separated by {@code ;} or new lines ({@code \;} for a
   * literal).
   */
  public static final String REDACTION_RULES = "genai.watch.redaction.rules";

  /** A file of {@code name=regex} lines ({@code #} starts a comment). */
  public static final String REDACTION_RULES_FILE = "genai.watch.redaction.rules.file";

  /** Regexes, separated like the rules; a value one of them matches in full is never replaced. */
  public static final String REDACTION_ALLOW = "genai.watch.redaction.allow";

  /** Comma-separated names of built-in rules to turn off. */
  public static final String REDACTION_DISABLED_RULES = "genai.watch.redaction.disabled.rules";

  /** {@code placeholder} or {@code hash}. */
  public static final String REDACTION_MODE = "genai.watch.redaction.mode";

  /** The HMAC key of hash mode; never logged or exported. */
  public static final String REDACTION_HASH_KEY = "genai.watch.redaction.hash.key";

  public static final int DEFAULT_CONTENT_MAX_LENGTH = 8192;
  public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 3000;
  public static final long DEFAULT_STREAM_SUBSCRIBE_TIMEOUT_MS = 60_000;

  private final Function<String, String> source;
  private final Set<String> reportedInvalid = ConcurrentHashMap.newKeySet();

  private GenAiWatchConfig(Function<String, String> source) {
    this.source = source;
  }

  /** Reads system properties, then the environment. */
  public static GenAiWatchConfig fromSystem() {
    return new GenAiWatchConfig(
        key -> {
          String value = System.getProperty(key);
          return value != null ? value : System.getenv(toEnvName(key));
        });
  }

  /** A fixed configuration, for tests and embedding: keys in property form. */
  public static GenAiWatchConfig of(Map<String, String> properties) {
    Map<String, String> copy = Map.copyOf(properties);
    return new GenAiWatchConfig(copy::get);
  }

  /** {@code genai.watch.capture.content} → {@code GENAI_WATCH_CAPTURE_CONTENT}. */
  public static String toEnvName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public boolean enabled() {
    return bool(ENABLED, true);
  }

  public boolean captureContent() {
    return bool(CAPTURE_CONTENT, true);
  }

  public int contentMaxLength() {
    long value = number(CONTENT_MAX_LENGTH, DEFAULT_CONTENT_MAX_LENGTH);
    return (int) Math.max(0, Math.min(value, 1 << 20));
  }

  public boolean debug() {
    return bool(DEBUG, false);
  }

  public long shutdownTimeoutMillis() {
    return Math.max(0, number(SHUTDOWN_TIMEOUT_MS, DEFAULT_SHUTDOWN_TIMEOUT_MS));
  }

  public long streamSubscribeTimeoutMillis() {
    return Math.max(0, number(STREAM_SUBSCRIBE_TIMEOUT_MS, DEFAULT_STREAM_SUBSCRIBE_TIMEOUT_MS));
  }

  /**
   * {@code true} for {@code genai.watch.redaction.mode=hash}; anything but {@code placeholder} is
   * reported.
   */
  public boolean redactionHashMode() {
    String value = source.apply(REDACTION_MODE);
    if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("placeholder")) {
      return false;
    }
    if (value.trim().equalsIgnoreCase("hash")) {
      return true;
    }
    return invalid(REDACTION_MODE, value, "expected placeholder or hash", false);
  }

  public List<String> redactionDisabledRules() {
    String value = source.apply(REDACTION_DISABLED_RULES);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  public boolean instrumentationEnabled(String instrumentationName) {
    return bool(INSTRUMENTATION_PREFIX + instrumentationName + ".enabled", true);
  }

  public String raw(String key) {
    return source.apply(key);
  }

  private boolean bool(String key, boolean defaultValue) {
    String value = source.apply(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true") || v.equals("1") || v.equals("yes") || v.equals("on")) {
      return true;
    }
    if (v.equals("false") || v.equals("0") || v.equals("no") || v.equals("off")) {
      return false;
    }
    return invalid(key, value, "expected true or false", defaultValue);
  }

  private long number(String key, long defaultValue) {
    String value = source.apply(key);
    if (value == null || value.isBlank()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return invalid(key, value, "expected a whole number", defaultValue);
    }
  }

  /**
   * A value we cannot interpret is reported once and replaced by the default: a typo must not stop
   * the app.
   */
  private <T> T invalid(String key, String value, String expected, T defaultValue) {
    if (reportedInvalid.add(key)) {
      GenAiWatchLog.warn(
          "invalid value '"
              + value
              + "' for "
              + key
              + " ("
              + toEnvName(key)
              + "): "
              + expected
              + "; using the default "
              + defaultValue);
    }
    return defaultValue;
  }
}
