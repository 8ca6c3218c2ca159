package dev.genaiwatch.processor;

import dev.genaiwatch.processor.pipeline.LogText;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Processor settings, read from a properties file and from {@code GENAI_WATCH_PROCESSOR_*}
 * environment variables; the environment wins. A key such as {@code drift.window.size} is the
 * variable {@code GENAI_WATCH_PROCESSOR_DRIFT_WINDOW_SIZE}. Every key and default is listed in
 * docs/configuration.md.
 */
public final class ProcessorConfig {
  static final String ENV_PREFIX = "GENAI_WATCH_PROCESSOR_";

  // File keys the evaluation module reads itself (EvaluationConfig), so never "unused" here.
  private static final String EVALUATION_PREFIX = "genai.watch.eval.";

  private final Properties file;
  private final Map<String, String> env;
  private final Set<String> read;

  private ProcessorConfig(Properties file, Map<String, String> env) {
    this(file, env, ConcurrentHashMap.newKeySet());
  }

  private ProcessorConfig(Properties file, Map<String, String> env, Set<String> read) {
    this.file = file;
    this.env = env;
    this.read = read;
  }

  public static ProcessorConfig of(Properties file, Map<String, String> env) {
    return new ProcessorConfig(file, env);
  }

  public static ProcessorConfig load(Path configFileOrNull, Map<String, String> env)
      throws IOException {
    Properties file = new Properties();
    if (configFileOrNull != null) {
      try (Reader reader = Files.newBufferedReader(configFileOrNull)) {
        file.load(reader);
      }
    }
    return new ProcessorConfig(file, env);
  }

  /** A copy with {@code key} set, as if written in the file (the environment still wins). */
  public ProcessorConfig with(String key, String value) {
    Properties copy = new Properties();
    copy.putAll(file);
    copy.setProperty(key, value);
    return new ProcessorConfig(copy, env, read);
  }

  static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Refuses a setting under {@code min}, naming it: "{key} must be at least {min}, was ...". */
  public static void requireAtLeast(String key, long min, long value) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", was " + value);
    }
  }

  /** Refuses a duration setting that is zero or negative, naming it. */
  public static void requirePositive(String key, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(key + " must be positive, was " + value.toMillis());
    }
  }

  public String string(String key, String defaultValue) {
    read.add(key);
    String fromEnv = env.get(envName(key));
    if (fromEnv != null) {
      return fromEnv.strip();
    }
    String fromFile = file.getProperty(key);
    return fromFile != null ? fromFile.strip() : defaultValue;
  }

  public int integer(String key, int defaultValue) {
    return parsed(key, defaultValue, Integer::parseInt, "an integer");
  }

  /** Keys are escaped for the log line: a key from a file can hold anything. */
  private static final class LogSafe {
    static String line(String text) {
      return LogText.escape(text);
    }
  }

  public long longInteger(String key, long defaultValue) {
    return parsed(key, defaultValue, Long::parseLong, "an integer");
  }

  /** {@code key} read by {@code parse}; a value it refuses is a mistake: "must be {@code kind}". */
  private <T> T parsed(String key, T defaultValue, Function<String, T> parse, String kind) {
    String value = string(key, null);
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    try {
      return parse.apply(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "configuration "
              + key
              + " ("
              + envName(key)
              + ") must be "
              + kind
              + ", was '"
              + value
              + "'",
          e);
    }
  }

  /**
   * A secret such as {@code auth.token}: the value of {@code key}, or the content of the file named
   * by {@code key.file} (stripped, so a trailing newline does not count), so it need not sit in the
   * properties file or the process environment. Both set is a mistake and refused. The value never
   * appears in a message.
   */
  public String secret(String key) {
    String inline = string(key, "");
    String fileName = string(key + ".file", "");
    if (fileName.isEmpty()) {
      return inline;
    }
    if (!inline.isEmpty()) {
      throw new IllegalArgumentException(
          "configuration " + key + " and " + key + ".file are both set: keep one");
    }
    try {
      String content = Files.readString(Path.of(fileName)).strip();
      if (content.isEmpty()) {
        throw new IllegalArgumentException(
            "configuration " + key + ".file: " + fileName + " is empty");
      }
      return content;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "configuration " + key + ".file: cannot read " + fileName + ": " + e, e);
    }
  }

  public double decimal(String key, double defaultValue) {
    return parsed(key, defaultValue, Double::parseDouble, "a number");
  }

  public boolean bool(String key, boolean defaultValue) {
    String value = string(key, null);
    if (value == null || value.isEmpty()) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(
        "configuration "
            + key
            + " ("
            + envName(key)
            + ") must be true or false, was '"
            + value
            + "'");
  }

  public Duration millis(String key, long defaultMillis) {
    return Duration.ofMillis(integer(key, (int) defaultMillis));
  }

  /**
   * One line per key in the file, or {@code GENAI_WATCH_PROCESSOR_*} variable, that no part read:
   * most likely a typo, and a typo in {@code auth.token} would otherwise leave the processor open
   * without a word. Meaningful once every part has read its settings.
   */
  public List<String> unusedKeys() {
    Set<String> readEnvNames = new HashSet<>();
    for (String key : read) {
      readEnvNames.add(envName(key));
    }
    List<String> unused = new ArrayList<>();
    for (String key : new TreeSet<>(file.stringPropertyNames())) {
      if (!read.contains(key) && !key.startsWith(EVALUATION_PREFIX)) {
        unused.add(
            "[genai-watch-processor] unknown configuration key '"
                + LogSafe.line(key)
                + "' in the file is ignored (see docs/production-checklist.md and the README for the keys)");
      }
    }
    for (String name : new TreeSet<>(env.keySet())) {
      if (name.startsWith(ENV_PREFIX) && !readEnvNames.contains(name)) {
        unused.add(
            "[genai-watch-processor] unknown variable " + LogSafe.line(name) + " is ignored");
      }
    }
    return unused;
  }

  /** Properties the evaluation module may read (it gets the same file and environment). */
  public Properties fileProperties() {
    Properties copy = new Properties();
    copy.putAll(file);
    return copy;
  }

  public Map<String, String> environment() {
    return env;
  }
}
