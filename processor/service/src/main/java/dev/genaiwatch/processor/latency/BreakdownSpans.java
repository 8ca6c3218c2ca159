package dev.genaiwatch.processor.latency;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code genai_watch.latency_breakdown} span: INTERNAL, child of the joined client call span in
 * its trace, spanning the call, with the split as attributes in seconds ({@code
 * genai_watch.latency.*}). Resource {@code service.name=genai-watch-processor}.
 */
final class BreakdownSpans {
  static final String SPAN_NAME = "genai_watch.latency_breakdown";
  private static final String PREFIX = "genai_watch.latency.";
  private static final Resource RESOURCE =
      Resource.newBuilder().addAttributes(str("service.name", "genai-watch-processor")).build();
  private static final InstrumentationScope SCOPE =
      InstrumentationScope.newBuilder().setName("dev.genaiwatch.processor.latency").build();
  private static final HexFormat HEX = HexFormat.of();

  private BreakdownSpans() {}

  static ResourceSpans of(List<LatencyBreakdown> breakdowns) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder().setScope(SCOPE);
    for (LatencyBreakdown b : breakdowns) {
      scope.addSpans(span(b));
    }
    return ResourceSpans.newBuilder().setResource(RESOURCE).addScopeSpans(scope).build();
  }

  static Span span(LatencyBreakdown b) {
    byte[] spanId = new byte[8];
    ThreadLocalRandom.current().nextBytes(spanId);
    spanId[0] |= 1;
    Span.Builder span =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(HEX.parseHex(b.traceId())))
            .setSpanId(ByteString.copyFrom(spanId))
            .setParentSpanId(ByteString.copyFrom(HEX.parseHex(b.clientSpanId())))
            .setName(SPAN_NAME)
            .setKind(Span.SpanKind.SPAN_KIND_INTERNAL)
            .setStartTimeUnixNano(b.clientStartEpochNanos())
            .setEndTimeUnixNano(b.clientStartEpochNanos() + b.clientDurationNanos())
            .addAttributes(seconds("network", b.networkNanos()))
            .addAttributes(seconds("queue", b.queueNanos()))
            .addAttributes(seconds("prefill", b.prefillNanos()))
            .addAttributes(seconds("decode", b.decodeNanos()))
            .addAttributes(seconds("server_time_to_first_token", b.serverTimeToFirstTokenNanos()))
            .addAttributes(seconds("server_e2e", b.serverE2eNanos()))
            .addAttributes(seconds("client_duration", b.clientDurationNanos()))
            .addAttributes(str(PREFIX + "dominant_part", b.dominantPart()))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey(PREFIX + "token_mismatch")
                    .setValue(AnyValue.newBuilder().setBoolValue(b.tokenMismatch())));
    if (b.streamed()) {
      span.addAttributes(seconds("client_time_to_first_chunk", b.clientTimeToFirstChunkNanos()));
    }
    if (b.responseId() != null) {
      span.addAttributes(str("gen_ai.response.id", b.responseId()));
    }
    return span.build();
  }

  private static KeyValue seconds(String part, long nanos) {
    return attribute(PREFIX + part, AnyValue.newBuilder().setDoubleValue(nanos / 1e9));
  }

  private static KeyValue str(String key, String value) {
    return attribute(key, AnyValue.newBuilder().setStringValue(value));
  }

  private static KeyValue attribute(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
