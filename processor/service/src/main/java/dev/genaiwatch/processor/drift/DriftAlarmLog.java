package dev.genaiwatch.processor.drift;

import dev.genaiwatch.processor.pipeline.LogText;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.Map;

/** The OTLP log record announcing that drift of a feature started or ended. */
final class DriftAlarmLog {
  static final String STARTED = "genai_watch.drift.started";
  static final String ENDED = "genai_watch.drift.ended";

  private DriftAlarmLog() {}

  /** {@code serverOrNull}: what the model servers did meanwhile ({@link AlarmContext}). */
  static ResourceLogs of(
      DriftKey key,
      String feature,
      boolean started,
      long callCount,
      Map<String, Double> scores,
      String effectOrNull,
      String serverOrNull,
      long nowNanos) {
    String event = started ? STARTED : ENDED;
    LogRecord.Builder record =
        LogRecord.newBuilder()
            .setTimeUnixNano(nowNanos)
            .setObservedTimeUnixNano(nowNanos)
            .setSeverityNumber(
                started ? SeverityNumber.SEVERITY_NUMBER_WARN : SeverityNumber.SEVERITY_NUMBER_INFO)
            .setSeverityText(started ? "WARN" : "INFO")
            .setEventName(event)
            .setBody(
                string(
                    describe(key, feature, started, callCount, scores, effectOrNull, serverOrNull)))
            .addAttributes(kv("genai_watch.drift.feature", string(feature)))
            .addAttributes(kv("genai_watch.drift.service_name", string(key.serviceName())))
            .addAttributes(kv("gen_ai.request.model", string(key.requestModel())))
            .addAttributes(kv("gen_ai.operation.name", string(key.operationName())))
            .addAttributes(
                kv(
                    "genai_watch.drift.call_count",
                    AnyValue.newBuilder().setIntValue(callCount).build()))
            .addAttributes(kv("genai_watch.drift.group", string(FeatureWatch.groupOf(feature))));
    if (!key.template().isEmpty()) {
      record.addAttributes(kv(DriftKey.TEMPLATE_ATTRIBUTE, string(key.template())));
    }
    if (effectOrNull != null) {
      record.addAttributes(kv("genai_watch.drift.effect", string(effectOrNull)));
    }
    if (serverOrNull != null) {
      record.addAttributes(kv("genai_watch.drift.server", string(serverOrNull)));
    }
    scores.forEach(
        (method, value) ->
            record.addAttributes(
                kv(
                    "genai_watch.drift.score." + method,
                    AnyValue.newBuilder().setDoubleValue(value).build())));
    return ResourceLogs.newBuilder()
        .setResource(
            Resource.newBuilder()
                .addAttributes(kv("service.name", string("genai-watch-processor"))))
        .addScopeLogs(
            ScopeLogs.newBuilder()
                .setScope(
                    InstrumentationScope.newBuilder().setName("dev.genaiwatch.processor.drift"))
                .addLogRecords(record))
        .build();
  }

  /**
   * One line, also printed on stdout so an operator tailing the processor sees it. The key and the
   * effect carry sender text (service and model names), escaped so that they cannot forge a line of
   * their own.
   */
  static String describe(
      DriftKey key,
      String feature,
      boolean started,
      long callCount,
      Map<String, Double> scores,
      String effectOrNull,
      String serverOrNull) {
    return (started ? "DRIFT_STARTED" : "DRIFT_ENDED")
        + " key="
        + LogText.escape(key.id())
        + " feature="
        + feature
        + " group="
        + FeatureWatch.groupOf(feature)
        + " call="
        + callCount
        + (effectOrNull == null ? "" : " effect=\"" + LogText.escape(effectOrNull) + "\"")
        + (serverOrNull == null ? "" : " server=\"" + LogText.escape(serverOrNull) + "\"")
        + " scores="
        + scores;
  }

  private static AnyValue string(String value) {
    return AnyValue.newBuilder().setStringValue(value).build();
  }

  private static KeyValue kv(String key, AnyValue value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
