package dev.genaiwatch.processor.serverhealth;

import dev.genaiwatch.processor.cost.ObservedConcurrency;
import dev.genaiwatch.processor.drift.AlarmContext;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Scrapes the configured model-server {@code /metrics} pages every {@code serverhealth.interval.ms}
 * on its own thread and keeps a bounded history per server. A server that does not answer within
 * {@code serverhealth.timeout.ms}, or answers with something unreadable, is counted on {@code
 * genai_watch_serverhealth_scrapes_total{outcome="failed"}} and skipped: nothing else waits for it.
 *
 * <p>When a latency drift alarm starts, it describes what each server did in the alarm window
 * ({@code serverhealth.alarm.window.ms} up to now, or from where the drift detector dates the
 * change when that is later) against the history before it.
 */
public final class ServerHealth implements AlarmContext, ObservedConcurrency, AutoCloseable {
  static final Set<String> LATENCY_FEATURES =
      Set.of("time_to_first_chunk", "duration", "output_tokens_per_second");

  private final ServerHealthSettings settings;
  private final Map<String, URI> targets = new LinkedHashMap<>();
  private final Map<String, SampleHistory> histories = new LinkedHashMap<>();
  private final HttpClient http;
  private final ScheduledExecutorService scraper;
  private final Counter scrapes;

  public ServerHealth(ServerHealthSettings settings, PrometheusRegistry registry) {
    this.settings = settings;
    for (URI target : settings.targets()) {
      String server = target.getHost() + (target.getPort() < 0 ? "" : ":" + target.getPort());
      targets.put(server, target);
      histories.put(server, new SampleHistory(settings.historySize()));
    }
    this.scrapes =
        Counter.builder()
            .name("genai_watch_serverhealth_scrapes")
            .help("Scrapes of model-server /metrics pages, by server and outcome (ok, failed)")
            .labelNames("server", "outcome")
            .register(registry);
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "genai-watch-processor-serverhealth");
              thread.setDaemon(true);
              return thread;
            });
    this.scraper = executor;
    long period = settings.interval().toMillis();
    executor.scheduleWithFixedDelay(this::scrapeAll, 0, period, TimeUnit.MILLISECONDS);
  }

  /** One round: every target at once, each bounded by the timeout. */
  void scrapeAll() {
    List<CompletableFuture<Void>> round = new ArrayList<>();
    targets.forEach((server, uri) -> round.add(scrape(server, uri)));
    for (CompletableFuture<Void> scrape : round) {
      scrape.join();
    }
  }

  private CompletableFuture<Void> scrape(String server, URI uri) {
    try {
      return send(server, uri);
    } catch (RuntimeException e) {
      // Counted like any failed scrape: an exception escaping the round would end the schedule.
      scrapes.labelValues(server, "failed").inc();
      return CompletableFuture.completedFuture(null);
    }
  }

  private CompletableFuture<Void> send(String server, URI uri) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(settings.timeout())
            .header("Accept", "text/plain;version=0.0.4")
            .GET()
            .build();
    // The whole page is read within the timeout (orTimeout bounds headers and body alike).
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
        .orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (response, failure) -> {
              boolean ok = failure == null && record(server, response);
              scrapes.labelValues(server, ok ? "ok" : "failed").inc();
              return null;
            });
  }

  private boolean record(String server, HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      return false;
    }
    try (InputStream body = new ByteArrayInputStream(response.body())) {
      histories.get(server).add(VllmExposition.read(body, System.currentTimeMillis()));
      return true;
    } catch (Exception e) {
      // Anything unreadable is a failed scrape, counted by the caller; the page is not kept.
      return false;
    }
  }

  @Override
  public String describe(String feature, long onsetEpochMillis, long nowEpochMillis) {
    if (!LATENCY_FEATURES.contains(feature)) {
      return null;
    }
    long windowStart = windowStart(onsetEpochMillis, nowEpochMillis);
    List<String> servers = new ArrayList<>();
    histories.forEach(
        (server, history) -> {
          String activity =
              ServerActivity.describe(
                  history.between(Long.MIN_VALUE, windowStart),
                  history.between(windowStart, nowEpochMillis + 1));
          if (activity != null) {
            servers.add(server + ": " + activity);
          }
        });
    return servers.isEmpty() ? null : String.join("; ", servers);
  }

  /**
   * The alarm window's start: {@code serverhealth.alarm.window.ms} before now, or where the
   * detector dates the change when that is later (a large shift alarms within a few calls, and the
   * fixed window would then describe mostly the time before it), leaving two scrapes at least.
   */
  private long windowStart(long onsetEpochMillis, long nowEpochMillis) {
    long fixed = nowEpochMillis - settings.alarmWindow().toMillis();
    if (onsetEpochMillis <= fixed) {
      return fixed;
    }
    return Math.min(onsetEpochMillis, nowEpochMillis - 2 * settings.interval().toMillis());
  }

  @Override
  public double meanRunning(String serverAddressAndPort, long fromEpochNanos, long toEpochNanos) {
    SampleHistory history = histories.get(serverAddressAndPort);
    if (history == null) {
      return Double.NaN;
    }
    // The scrape interval is usually longer than a call: widen to the samples around it.
    long slack = settings.interval().toMillis();
    return ServerActivity.mean(
        history.between(fromEpochNanos / 1_000_000 - slack, toEpochNanos / 1_000_000 + slack),
        ServerSample::running);
  }

  @Override
  public void close() {
    scraper.shutdownNow();
  }
}
