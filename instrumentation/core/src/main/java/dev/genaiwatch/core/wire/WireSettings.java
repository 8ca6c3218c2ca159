package dev.genaiwatch.core.wire;

import dev.genaiwatch.core.GenAiWatchLog;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the wire-level (raw HTTP) instrumentations. Read from {@link GenAiWatchConfig} like
 * every other genai-watch setting, so {@code -Dgenai.watch.wire.paths} and {@code
 * GENAI_WATCH_WIRE_PATHS} both work.
 */
public final class WireSettings {
  public static final String PATHS = "genai.watch.wire.paths";
  public static final String HOSTS_ALLOW = "genai.watch.wire.hosts.allow";
  public static final String HOSTS_DENY = "genai.watch.wire.hosts.deny";
  public static final String MAX_BODY_BYTES = "genai.watch.wire.max.body.bytes";
  public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  private final List<String> extraPaths;
  private final List<String> allowedHosts;
  private final List<String> deniedHosts;
  private final int maxBodyBytes;

  public WireSettings(
      List<String> extraPaths,
      List<String> allowedHosts,
      List<String> deniedHosts,
      int maxBodyBytes) {
    this.extraPaths = List.copyOf(extraPaths);
    this.allowedHosts = List.copyOf(allowedHosts);
    this.deniedHosts = List.copyOf(deniedHosts);
    this.maxBodyBytes = maxBodyBytes;
  }

  public static WireSettings defaults() {
    return new WireSettings(List.of(), List.of(), List.of(), DEFAULT_MAX_BODY_BYTES);
  }

  public static WireSettings from(GenAiWatchConfig config) {
    if (config == null) {
      return defaults();
    }
    return new WireSettings(
        list(config.raw(PATHS)),
        lowerCase(list(config.raw(HOSTS_ALLOW))),
        lowerCase(list(config.raw(HOSTS_DENY))),
        bytes(config.raw(MAX_BODY_BYTES)));
  }

  public List<String> extraPaths() {
    return extraPaths;
  }

  public List<String> allowedHosts() {
    return allowedHosts;
  }

  public List<String> deniedHosts() {
    return deniedHosts;
  }

  /**
   * Bytes of one response (JSON) or one SSE event kept for parsing; the application always gets
   * everything.
   */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  private static List<String> list(String value) {
    List<String> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  private static List<String> lowerCase(List<String> values) {
    values.replaceAll(v -> v.toLowerCase(Locale.ROOT));
    return values;
  }

  private static int bytes(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_BODY_BYTES;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed >= 0) {
        return (int) Math.min(parsed, 64L << 20);
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    GenAiWatchLog.warn(
        "invalid " + MAX_BODY_BYTES + "=" + value + "; using " + DEFAULT_MAX_BODY_BYTES);
    return DEFAULT_MAX_BODY_BYTES;
  }
}
