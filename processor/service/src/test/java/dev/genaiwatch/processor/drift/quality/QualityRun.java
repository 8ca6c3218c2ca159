package dev.genaiwatch.processor.drift.quality;

import dev.genaiwatch.processor.ProcessorConfig;
import dev.genaiwatch.processor.drift.DriftMonitor;
import dev.genaiwatch.processor.drift.DriftSettings;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One run of synthetic traffic through a real {@link DriftMonitor} (the enricher the processor's
 * pipeline calls for every GenAI span), collecting the alarms it announces as OTLP log records.
 */
final class QualityRun {
  /**
   * A drift alarm that started or ended, at the key's call count ({@code call}); {@code fed} is how
   * many calls had been fed when it was announced.
   */
  record Alarm(
      String feature, boolean started, long call, String effect, long fed, String template) {}

  private QualityRun() {}

  static DriftSettings settings(Map<String, String> overrides) {
    try {
      ProcessorConfig config =
          ProcessorConfig.load(null, Map.of())
              .with("drift.embedding.enabled", "false")
              .with("drift.evaluate.every.seconds", "3600");
      for (Map.Entry<String, String> entry : overrides.entrySet()) {
        config = config.with(entry.getKey(), entry.getValue());
      }
      return DriftSettings.from(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Feeds {@code calls} calls of {@code traffic} and returns every alarm, in call order. */
  static List<Alarm> run(DriftSettings settings, SyntheticTraffic traffic, long calls) {
    List<Alarm> alarms = new ArrayList<>();
    try (DriftMonitor monitor =
        new DriftMonitor(
            settings,
            new PrometheusRegistry(),
            null,
            logs -> collect(logs, alarms, () -> -1),
            null)) {
      for (long i = 0; i < calls; i++) {
        monitor.enrich(SyntheticTraffic.resource(), SCOPE, traffic.next().toBuilder());
      }
    }
    return sorted(alarms);
  }

  static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("quality").build();

  static List<Alarm> sorted(List<Alarm> alarms) {
    synchronized (alarms) {
      List<Alarm> sorted = new ArrayList<>(alarms);
      sorted.sort(Comparator.comparingLong(Alarm::call));
      return sorted;
    }
  }

  static void collect(ResourceLogs logs, List<Alarm> alarms, LongSupplier fed) {
    for (ScopeLogs scope : logs.getScopeLogsList()) {
      for (LogRecord record : scope.getLogRecordsList()) {
        String feature = null;
        long call = -1;
        String effect = null;
        String template = "";
        for (KeyValue kv : record.getAttributesList()) {
          switch (kv.getKey()) {
            case "genai_watch.prompt.template" -> template = kv.getValue().getStringValue();
            case "genai_watch.drift.feature" -> feature = kv.getValue().getStringValue();
            case "genai_watch.drift.call_count" -> call = kv.getValue().getIntValue();
            case "genai_watch.drift.effect" -> effect = kv.getValue().getStringValue();
            default -> {}
          }
        }
        synchronized (alarms) {
          alarms.add(
              new Alarm(
                  feature,
                  "genai_watch.drift.started".equals(record.getEventName()),
                  call,
                  effect,
                  fed.getAsLong(),
                  template));
        }
      }
    }
  }
}
