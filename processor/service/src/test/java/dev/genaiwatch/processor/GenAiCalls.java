package dev.genaiwatch.processor;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds OTLP spans shaped like the agent's (span contract) for tests that talk OTLP to the
 * processor.
 */
public final class GenAiCalls {
  private static final AtomicLong IDS = new AtomicLong(1);

  private GenAiCalls() {}

  /** A chat call span with the given token counts and prompt. */
  public static Span chat(String model, long inputTokens, long outputTokens, String prompt) {
    long id = IDS.getAndIncrement();
    long start = 1_700_000_000_000_000_000L + id * 1_000_000_000L;
    String messages =
        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"" + prompt + "\"}]}]";
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(bytes(16, id)))
        .setSpanId(ByteString.copyFrom(bytes(8, id)))
        .setName("chat " + model)
        .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(start + 200_000_000L + outputTokens * 1_000_000L)
        .addAttributes(string("gen_ai.operation.name", "chat"))
        .addAttributes(string("gen_ai.provider.name", "openai"))
        .addAttributes(string("gen_ai.request.model", model))
        .addAttributes(integer("gen_ai.usage.input_tokens", inputTokens))
        .addAttributes(integer("gen_ai.usage.output_tokens", outputTokens))
        .addAttributes(finishReasons("stop"))
        .addAttributes(string("gen_ai.input.messages", messages))
        .build();
  }

  /** A span that is not a GenAI call (no gen_ai.operation.name). */
  public static Span plain(String name) {
    long id = IDS.getAndIncrement();
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(bytes(16, id)))
        .setSpanId(ByteString.copyFrom(bytes(8, id)))
        .setName(name)
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(1_700_000_000_000_000_000L)
        .setEndTimeUnixNano(1_700_000_000_100_000_000L)
        .addAttributes(string("http.route", "/orders"))
        .build();
  }

  public static ExportTraceServiceRequest request(String serviceName, Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(resourceSpans(serviceName, spans))
        .build();
  }

  public static ResourceSpans resourceSpans(String serviceName, Span... spans) {
    ScopeSpans.Builder scope =
        ScopeSpans.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("genai-watch-test"));
    for (Span span : spans) {
      scope.addSpans(span);
    }
    return ResourceSpans.newBuilder()
        .setResource(Resource.newBuilder().addAttributes(string("service.name", serviceName)))
        .addScopeSpans(scope)
        .build();
  }

  static KeyValue string(String key, String value) {
    return attribute(key, AnyValue.newBuilder().setStringValue(value));
  }

  /** {@code gen_ai.response.finish_reasons} with one reason. */
  static KeyValue finishReasons(String reason) {
    return KeyValue.newBuilder()
        .setKey("gen_ai.response.finish_reasons")
        .setValue(
            AnyValue.newBuilder()
                .setArrayValue(
                    ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue(reason))))
        .build();
  }

  static KeyValue decimal(String key, double value) {
    return attribute(key, AnyValue.newBuilder().setDoubleValue(value));
  }

  static KeyValue integer(String key, long value) {
    return attribute(key, AnyValue.newBuilder().setIntValue(value));
  }

  private static byte[] bytes(int length, long id) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < 8 && i < length; i++) {
      bytes[length - 1 - i] = (byte) (id >>> (8 * i));
    }
    bytes[0] = 1;
    return bytes;
  }

  private static KeyValue attribute(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
