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
  // The spans themselves (immutable messages): most are evicted unread, so their JSON view is built on read.
  private final ArrayDeque<Call> calls;

  private record Call(String serviceName, Span span) {}

  public RecentCalls(int capacity) {
    this.capacity = Math.max(1, capacity);
    this.calls = new ArrayDeque<>(this.capacity);
  }

  public void add(Resource resource, Span span) {
    Call call = new Call(GenAiSpans.string(resource.getAttributesList(), "service.name"), span);
    synchronized (calls) {
      if (calls.size() == capacity) {
        calls.removeFirst();
      }
      calls.addLast(call);
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
      result.add(json(call.serviceName(), call.span()));
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
