package dev.genaiwatch.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Everything a receiver (or a captured stdout) delivered, in arrival order. Thread-safe: exporters
 * write from server threads while the test thread reads, so every getter returns a snapshot.
 */
public final class ReceivedTelemetry {
  // Upper bound on how long an await can miss an arrival that raced with its check.
  private static final long POLL_MILLIS = 25;

  private final Object lock = new Object();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<MetricPoint> metricPoints = new ArrayList<>();
  private final List<ReceivedLog> logs = new ArrayList<>();
  private final List<String> rejections = new ArrayList<>();

  public ReceivedTelemetry() {}

  /**
   * Reads what the OpenTelemetry {@code logging-otlp} exporters print: one OTLP/JSON object per
   * line, either a whole Export*ServiceRequest or a single Resource* object depending on the SDK
   * version. Text before the first '{' is skipped so logger prefixes such as {@code INFO: } do not
   * hide a line; lines that are not OTLP JSON (the application's own output) are ignored.
   *
   * @throws IllegalArgumentException if a line is recognisably OTLP but cannot be decoded, since
   *     silently dropping it would turn a real problem into a confusing "nothing received"
   */
  public static ReceivedTelemetry fromOtlpJsonLines(String text) {
    ReceivedTelemetry telemetry = new ReceivedTelemetry();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int brace = line.indexOf('{');
      if (brace < 0 || !line.endsWith("}")) {
        continue;
      }
      String json = line.substring(brace);
      Optional<OtlpJson.Shape> shape = OtlpJson.detect(json);
      if (shape.isEmpty()) {
        continue;
      }
      try {
        telemetry.addJson(shape.get(), json);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException(
            "line "
                + (i + 1)
                + " looks like OTLP JSON ("
                + shape.get()
                + ") but could not be"
                + " decoded: "
                + e.getMessage(),
            e);
      }
    }
    return telemetry;
  }

  private void addJson(OtlpJson.Shape shape, String json) throws InvalidProtocolBufferException {
    switch (shape) {
      case TRACES_REQUEST ->
          add(OtlpJson.merge(json, ExportTraceServiceRequest.newBuilder()).build());
      case METRICS_REQUEST ->
          add(OtlpJson.merge(json, ExportMetricsServiceRequest.newBuilder()).build());
      case LOGS_REQUEST -> add(OtlpJson.merge(json, ExportLogsServiceRequest.newBuilder()).build());
      case RESOURCE_SPANS ->
          add(
              ExportTraceServiceRequest.newBuilder()
                  .addResourceSpans(OtlpJson.merge(json, ResourceSpans.newBuilder()))
                  .build());
      case RESOURCE_METRICS ->
          add(
              ExportMetricsServiceRequest.newBuilder()
                  .addResourceMetrics(OtlpJson.merge(json, ResourceMetrics.newBuilder()))
                  .build());
      case RESOURCE_LOGS ->
          add(
              ExportLogsServiceRequest.newBuilder()
                  .addResourceLogs(OtlpJson.merge(json, ResourceLogs.newBuilder()))
                  .build());
    }
  }

  public void add(ExportTraceServiceRequest request) {
    List<ReceivedSpan> converted = new ArrayList<>();
    request.getResourceSpansList().forEach(rs -> converted.addAll(OtlpConversion.spans(rs)));
    arrived(spans, converted);
  }

  public void add(ExportMetricsServiceRequest request) {
    List<MetricPoint> converted = new ArrayList<>();
    request
        .getResourceMetricsList()
        .forEach(rm -> converted.addAll(OtlpConversion.metricPoints(rm)));
    arrived(metricPoints, converted);
  }

  public void add(ExportLogsServiceRequest request) {
    List<ReceivedLog> converted = new ArrayList<>();
    request.getResourceLogsList().forEach(rl -> converted.addAll(OtlpConversion.logs(rl)));
    arrived(logs, converted);
  }

  /** Adds what arrived and wakes whoever waits for it. */
  private <T> void arrived(List<T> received, List<T> converted) {
    synchronized (lock) {
      received.addAll(converted);
      lock.notifyAll();
    }
  }

  /** Records a request the receiver refused, so a timeout dump can explain an empty result. */
  void recordRejection(String description) {
    synchronized (lock) {
      rejections.add(description);
    }
  }

  public List<ReceivedSpan> spans() {
    return snapshot(spans);
  }

  public List<MetricPoint> metricPoints() {
    return snapshot(metricPoints);
  }

  public List<ReceivedLog> logs() {
    return snapshot(logs);
  }

  /** Requests the receiver answered with 4xx because they were malformed or misaddressed. */
  public List<String> rejections() {
    return snapshot(rejections);
  }

  /** What {@code received} holds now, safe to read while more arrives. */
  private <T> List<T> snapshot(List<T> received) {
    synchronized (lock) {
      return List.copyOf(received);
    }
  }

  public void clear() {
    synchronized (lock) {
      spans.clear();
      metricPoints.clear();
      logs.clear();
      rejections.clear();
    }
  }

  /**
   * Waits until at least {@code atLeast} received spans match and returns all that match.
   *
   * @throws AssertionError on timeout, with a dump of everything that did arrive
   */
  public List<ReceivedSpan> awaitSpans(
      Predicate<ReceivedSpan> filter, int atLeast, Duration timeout) {
    return await(this::spans, filter, atLeast, timeout, "spans matching the filter");
  }

  /** Like {@link #awaitSpans} for points of the named metric. */
  public List<MetricPoint> awaitMetricPoints(
      String metricName, Predicate<MetricPoint> filter, int atLeast, Duration timeout) {
    return await(
        this::metricPoints,
        p -> p.metricName().equals(metricName) && filter.test(p),
        atLeast,
        timeout,
        "points of metric '" + metricName + "' matching the filter");
  }

  /** Like {@link #awaitSpans} for log records. */
  public List<ReceivedLog> awaitLogs(Predicate<ReceivedLog> filter, int atLeast, Duration timeout) {
    return await(this::logs, filter, atLeast, timeout, "log records matching the filter");
  }

  private <T> List<T> await(
      Supplier<List<T>> snapshot, Predicate<T> filter, int atLeast, Duration timeout, String what) {
    if (atLeast < 0) {
      throw new IllegalArgumentException("atLeast must be >= 0: " + atLeast);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // Filter outside the lock: a slow or throwing predicate must not block the exporters.
      List<T> matching = snapshot.get().stream().filter(filter).toList();
      if (matching.size() >= atLeast) {
        return matching;
      }
      long remainingNanos = deadline - System.nanoTime();
      if (remainingNanos <= 0) {
        throw new AssertionError(
            "Timed out after "
                + timeout
                + " waiting for at least "
                + atLeast
                + " "
                + what
                + "; "
                + matching.size()
                + " matched.\n"
                + TelemetryDump.describe(this));
      }
      synchronized (lock) {
        try {
          lock.wait(
              Math.max(1, Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(remainingNanos))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + what, e);
        }
      }
    }
  }
}
