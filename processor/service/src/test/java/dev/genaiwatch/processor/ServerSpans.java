package dev.genaiwatch.processor;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Model server spans as vLLM sends them with {@code --otlp-traces-endpoint}: {@code llm_request},
 * SERVER, child of the span that sent the request, latency parts in seconds.
 */
public final class ServerSpans {
  private static final AtomicLong IDS = new AtomicLong(1);

  private ServerSpans() {}

  /**
   * The server span of the request {@code parent} sent: queue, prefill and decode in seconds, its
   * start {@code 1 ms} after the parent's.
   */
  public static Span llmRequest(
      Span parent,
      double queue,
      double prefill,
      double decode,
      long promptTokens,
      long completionTokens) {
    long start = parent.getStartTimeUnixNano() + 1_000_000L;
    double e2e = queue + prefill + decode;
    byte[] id = new byte[8];
    long n = IDS.getAndIncrement();
    for (int i = 0; i < 8; i++) {
      id[7 - i] = (byte) (n >>> (8 * i));
    }
    id[0] = (byte) 0xee;
    return Span.newBuilder()
        .setTraceId(parent.getTraceId())
        .setSpanId(ByteString.copyFrom(id))
        .setParentSpanId(parent.getSpanId())
        .setName("llm_request")
        .setKind(Span.SpanKind.SPAN_KIND_SERVER)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(start + Math.round(e2e * 1e9))
        .addAttributes(GenAiCalls.string("gen_ai.response.model", "m"))
        .addAttributes(GenAiCalls.integer("gen_ai.usage.prompt_tokens", promptTokens))
        .addAttributes(GenAiCalls.integer("gen_ai.usage.completion_tokens", completionTokens))
        .addAttributes(seconds("gen_ai.latency.time_in_queue", queue))
        .addAttributes(seconds("gen_ai.latency.time_in_model_prefill", prefill))
        .addAttributes(seconds("gen_ai.latency.time_in_model_decode", decode))
        .addAttributes(seconds("gen_ai.latency.time_in_model_inference", prefill + decode))
        .addAttributes(seconds("gen_ai.latency.time_to_first_token", queue + prefill))
        .addAttributes(seconds("gen_ai.latency.e2e", e2e))
        .build();
  }

  private static KeyValue seconds(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }
}
