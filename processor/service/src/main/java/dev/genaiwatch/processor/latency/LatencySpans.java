package dev.genaiwatch.processor.latency;

import dev.genaiwatch.processor.pipeline.GenAiSpans;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Tells the three kinds of span the join reads apart and reads them: a client GenAI call that a
 * model server generates for, a model server's {@code llm_request} span (vLLM's attribute names),
 * and an HTTP CLIENT span that may sit between the two.
 */
final class LatencySpans {
  static final String TIME_IN_QUEUE = "gen_ai.latency.time_in_queue";
  static final String TIME_TO_FIRST_TOKEN = "gen_ai.latency.time_to_first_token";
  static final String E2E = "gen_ai.latency.e2e";
  static final String TIME_IN_MODEL_PREFILL = "gen_ai.latency.time_in_model_prefill";
  static final String TIME_IN_MODEL_DECODE = "gen_ai.latency.time_in_model_decode";
  static final String PROMPT_TOKENS = "gen_ai.usage.prompt_tokens";
  static final String COMPLETION_TOKENS = "gen_ai.usage.completion_tokens";
  static final String REQUEST_ID = "gen_ai.request.id";

  /** Operations a model server generates for (embeddings get no {@code llm_request} span). */
  private static final Set<String> GENERATING =
      Set.of("chat", "text_completion", "generate_content");

  private static final HexFormat HEX = HexFormat.of();

  private LatencySpans() {}

  /**
   * A client call worth waiting for: a generating GenAI CLIENT span that did not fail (a rejected
   * request never reaches the engine, so no server span will come).
   */
  static boolean isClientCall(Span span) {
    if (span.getKind() != Span.SpanKind.SPAN_KIND_CLIENT) {
      return false;
    }
    List<KeyValue> a = span.getAttributesList();
    String operation = GenAiSpans.string(a, GenAiSpans.OPERATION_NAME);
    return operation != null
        && GENERATING.contains(operation)
        && GenAiSpans.find(a, "error.type") == null;
  }

  static boolean isServerRequest(Span span) {
    return span.getKind() == Span.SpanKind.SPAN_KIND_SERVER
        && GenAiSpans.find(span.getAttributesList(), E2E) != null;
  }

  /** An HTTP client span under another span: possibly the wire-level child of a GenAI call. */
  static boolean isWireLink(Span span) {
    if (span.getKind() != Span.SpanKind.SPAN_KIND_CLIENT || span.getParentSpanId().isEmpty()) {
      return false;
    }
    List<KeyValue> a = span.getAttributesList();
    return GenAiSpans.find(a, GenAiSpans.OPERATION_NAME) == null
        && (GenAiSpans.find(a, "http.request.method") != null
            || GenAiSpans.find(a, "http.method") != null);
  }

  static ClientCall client(String serviceName, Span span) {
    List<KeyValue> a = span.getAttributesList();
    double ttft = GenAiSpans.number(a, "gen_ai.response.time_to_first_chunk");
    boolean estimated = "true".equals(GenAiSpans.string(a, "genai_watch.usage.estimated"));
    String address = GenAiSpans.string(a, "server.address");
    String port = GenAiSpans.string(a, "server.port");
    String server = address == null ? "" : port == null ? address : address + ":" + port;
    String model = GenAiSpans.string(a, "gen_ai.request.model");
    return new ClientCall(
        hex(span.getTraceId().toByteArray()),
        hex(span.getSpanId().toByteArray()),
        serviceName == null ? "" : serviceName,
        GenAiSpans.string(a, GenAiSpans.OPERATION_NAME),
        model == null ? "" : model,
        server,
        GenAiSpans.string(a, "gen_ai.response.id"),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        Double.isNaN(ttft) ? -1 : nanos(ttft),
        estimated ? -1 : count(a, "gen_ai.usage.input_tokens"),
        estimated ? -1 : count(a, "gen_ai.usage.output_tokens"));
  }

  static ServerRequest server(Span span) {
    List<KeyValue> a = span.getAttributesList();
    long queue = seconds(a, TIME_IN_QUEUE);
    long prefill = seconds(a, TIME_IN_MODEL_PREFILL);
    long decode = seconds(a, TIME_IN_MODEL_DECODE);
    long e2e = seconds(a, E2E);
    double ttft = GenAiSpans.number(a, TIME_TO_FIRST_TOKEN);
    return new ServerRequest(
        hex(span.getTraceId().toByteArray()),
        hex(span.getParentSpanId().toByteArray()),
        GenAiSpans.string(a, REQUEST_ID),
        queue,
        prefill,
        decode,
        Double.isNaN(ttft) ? queue + prefill : nanos(ttft),
        e2e,
        count(a, PROMPT_TOKENS),
        count(a, COMPLETION_TOKENS));
  }

  static String hex(byte[] id) {
    return HEX.formatHex(id);
  }

  /** A duration attribute in seconds as nanoseconds; 0 when absent or not a number. */
  private static long seconds(List<KeyValue> a, String key) {
    double v = GenAiSpans.number(a, key);
    return Double.isNaN(v) ? 0 : nanos(v);
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }

  private static long count(List<KeyValue> a, String key) {
    double v = GenAiSpans.number(a, key);
    return Double.isNaN(v) ? -1 : (long) v;
  }
}
