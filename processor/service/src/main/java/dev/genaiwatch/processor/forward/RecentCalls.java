package dev.genaiwatch.processor.forward;

import com.google.protobuf.ByteString;
import dev.genaiwatch.processor.pipeline.GenAiSpans;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded buffer of the most recent GenAI calls, newest last, for the JSON API and the demo.
 * Bounded twice: at most {@code capacity} calls and at most {@code maxBytes} of serialized spans
 * (prompts can be megabytes), the oldest going first; a single call larger than the byte budget is
 * not kept. Each call is shown with the evaluations the evaluator has sent about it so far.
 */
public final class RecentCalls {
  private final int capacity;
  private final long maxBytes;
  private long bytes;
  // The spans themselves (immutable messages): most are evicted unread, so their JSON view is built
  // on read.
  private final ArrayDeque<Call> calls;
  private final CallEvaluations evaluations;

  private record Call(String serviceName, Span span, int size) {}

  public RecentCalls(int capacity, long maxBytes) {
    this.capacity = Math.max(1, capacity);
    this.maxBytes = Math.max(1, maxBytes);
    this.calls = new ArrayDeque<>(Math.min(this.capacity, 1024));
    this.evaluations = new CallEvaluations(this.capacity);
  }

  /**
   * Spans the evaluator emitted: its verdicts ({@code evaluate {name}}) are shown with the call
   * they judge.
   */
  public void addEvaluations(ResourceSpans spans) {
    evaluations.observe(spans);
  }

  public void add(Resource resource, Span span) {
    String serviceName = GenAiSpans.string(resource.getAttributesList(), "service.name");
    int size = span.getSerializedSize() + (serviceName == null ? 0 : serviceName.length() * 2) + 64;
    if (size > maxBytes) {
      return;
    }
    Call call = new Call(serviceName, span, size);
    synchronized (calls) {
      while (!calls.isEmpty() && (calls.size() >= capacity || bytes + size > maxBytes)) {
        bytes -= calls.removeFirst().size();
      }
      calls.addLast(call);
      bytes += size;
    }
  }

  /** Approximate bytes held (serialized span sizes plus a fixed overhead per call). */
  public long bytes() {
    synchronized (calls) {
      return bytes;
    }
  }

  /** Up to {@code limit} calls, newest first. */
  public List<Map<String, Object>> latest(int limit) {
    List<Call> newest = new ArrayList<>();
    synchronized (calls) {
      Iterator<Call> newestFirst = calls.descendingIterator();
      while (newestFirst.hasNext() && newest.size() < limit) {
        newest.add(newestFirst.next());
      }
    }
    List<Map<String, Object>> result = new ArrayList<>(newest.size());
    for (Call call : newest) {
      Map<String, Object> json = json(call.serviceName(), call.span());
      json.put("evaluations", evaluations.of((String) json.get("spanId")));
      result.add(json);
    }
    return result;
  }

  private static Map<String, Object> json(String serviceName, Span span) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("service.name", serviceName);
    call.put("name", span.getName());
    call.put("traceId", hex(span.getTraceId()));
    call.put("spanId", hex(span.getSpanId()));
    call.put("startTimeUnixNano", span.getStartTimeUnixNano());
    call.put("durationSeconds", (span.getEndTimeUnixNano() - span.getStartTimeUnixNano()) / 1e9);
    call.put("status", span.getStatus().getCode().name());
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (KeyValue kv : span.getAttributesList()) {
      attributes.put(kv.getKey(), GenAiSpans.javaValue(kv.getValue()));
    }
    call.put("attributes", attributes);
    return call;
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
