package dev.genaiwatch.processor.serverhealth;

import dev.genaiwatch.processor.ProcessorConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Which model-server {@code /metrics} pages to scrape, how often, how long to wait for one, how
 * many samples to keep per server, and how far back an alarm's window reaches.
 */
public record ServerHealthSettings(
    List<URI> targets, Duration interval, Duration timeout, int historySize, Duration alarmWindow) {

  public ServerHealthSettings {
    targets = List.copyOf(targets);
  }

  public static ServerHealthSettings from(ProcessorConfig config) {
    List<URI> targets = new ArrayList<>();
    for (String target : config.string("serverhealth.targets", "").split(",")) {
      if (!target.isBlank()) {
        targets.add(target(target.strip()));
      }
    }
    Duration interval = config.millis("serverhealth.interval.ms", 5000);
    Duration timeout = config.millis("serverhealth.timeout.ms", 2000);
    int historySize = config.integer("serverhealth.history.size", 720);
    Duration window = config.millis("serverhealth.alarm.window.ms", 60_000);
    atLeast("serverhealth.interval.ms", interval.toMillis(), 10);
    atLeast("serverhealth.timeout.ms", timeout.toMillis(), 1);
    atLeast("serverhealth.history.size", historySize, 2);
    atLeast("serverhealth.alarm.window.ms", window.toMillis(), 1);
    return new ServerHealthSettings(targets, interval, timeout, historySize, window);
  }

  private static URI target(String text) {
    try {
      URI uri = new URI(text);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // Reported below with the key's name.
    }
    throw new IllegalArgumentException(
        "configuration serverhealth.targets: '"
            + text
            + "' is not an http(s) URL such as http://vllm:8000/metrics");
  }

  private static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(
          "configuration " + key + " must be at least " + min + ", was " + value);
    }
  }

  public boolean enabled() {
    return !targets.isEmpty();
  }
}
