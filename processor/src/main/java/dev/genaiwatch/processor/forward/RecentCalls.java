package dev.genaiwatch.processor.forward;

import com.google.protobuf.ByteString;
import dev.genaiwatch.processor.pipeline.GenAiSpans;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A bounded buffer of the most recent GenAI calls, newest last, for the JSON API and the demo. */
public final class RecentCalls {
  private final int capacity;
  private final ArrayDeque<Map<String, Object>> calls;

  public RecentCalls(int capacity) {
    this.capacity = Math.max(1, capacity);
    this.calls = new ArrayDeque<>(this.capacity);
  }

  public void add(Resource resource, Span span) {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("service.name", GenAiSpans.string(resource.getAttributesList(), "service.name"));
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
    synchronized (calls) {
      if (calls.size() == capacity) {
        calls.removeFirst();
      }
      calls.addLast(call);
    }
  }

  /** Up to {@code limit} calls, newest first. */
  public List<Map<String, Object>> latest(int limit) {
    List<Map<String, Object>> result = new ArrayList<>();
    synchronized (calls) {
      Iterator<Map<String, Object>> newestFirst = calls.descendingIterator();
      while (newestFirst.hasNext() && result.size() < limit) {
        result.add(newestFirst.next());
      }
    }
    return result;
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }
}
