package dev.genaiwatch.testing;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OTLP/JSON decoding on top of protobuf's JsonFormat.
 *
 * <p>OTLP/JSON deviates from canonical proto3 JSON in one way that matters: trace and span ids are
 * hex, not base64. JsonFormat would happily base64-decode a 32-char hex id into 24 bytes of
 * garbage, so ids are rewritten to base64 first. Ids that are already base64 (as JsonFormat's own
 * printer writes them) differ in length and are left alone.
 */
final class OtlpJson {
  private OtlpJson() {}

  /**
   * What a JSON object holds, judged by its top-level keys: the field (in the protobuf JSON
   * mapping's lowerCamelCase, or as the proto names it) that only that shape has. Checked in this
   * order.
   */
  enum Shape {
    TRACES_REQUEST(Signal.TRACES, "resourceSpans", "resource_spans"),
    METRICS_REQUEST(Signal.METRICS, "resourceMetrics", "resource_metrics"),
    LOGS_REQUEST(Signal.LOGS, "resourceLogs", "resource_logs"),
    RESOURCE_SPANS(Signal.TRACES, "scopeSpans", "scope_spans"),
    RESOURCE_METRICS(Signal.METRICS, "scopeMetrics", "scope_metrics"),
    RESOURCE_LOGS(Signal.LOGS, "scopeLogs", "scope_logs");

    final Signal signal;
    private final Set<String> fields;

    Shape(Signal signal, String... fields) {
      this.signal = signal;
      this.fields = Set.of(fields);
    }
  }

  // Unknown fields are tolerated because newer SDKs may emit fields this proto version lacks.
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

  private static final Pattern HEX_ID =
      Pattern.compile(
          "(\"(?:traceId|spanId|parentSpanId|trace_id|span_id|parent_span_id)\"\\s*:\\s*\")"
              + "([0-9a-fA-F]{32}|[0-9a-fA-F]{16})\"");

  /** Empty when the text is not a JSON object or not OTLP, so callers can skip it. */
  static Optional<Shape> detect(String json) {
    Set<String> keys;
    try {
      Struct.Builder struct = Struct.newBuilder();
      PARSER.merge(json, struct);
      keys = struct.getFieldsMap().keySet();
    } catch (InvalidProtocolBufferException | RuntimeException notJsonObject) {
      return Optional.empty();
    }
    for (Shape shape : Shape.values()) {
      if (shape.fields.stream().anyMatch(keys::contains)) {
        return Optional.of(shape);
      }
    }
    return Optional.empty();
  }

  static <B extends Message.Builder> B merge(String json, B builder)
      throws InvalidProtocolBufferException {
    PARSER.merge(hexIdsToBase64(json), builder);
    return builder;
  }

  static String hexIdsToBase64(String json) {
    Matcher m = HEX_ID.matcher(json);
    StringBuilder out = new StringBuilder(json.length());
    while (m.find()) {
      String base64 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(m.group(2)));
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + base64 + "\""));
    }
    m.appendTail(out);
    return out.toString();
  }
}
