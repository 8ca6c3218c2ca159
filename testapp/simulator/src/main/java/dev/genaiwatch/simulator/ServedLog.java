package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.List;

/** Bounded, oldest-evicted record of served responses; bounded so long benchmarks don't leak. */
final class ServedLog {

  private final int capacity;
  private final ArrayDeque<ServedResponse> entries;

  ServedLog(int capacity) {
    this.capacity = capacity;
    this.entries = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  synchronized void add(ServedResponse r) {
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(r);
  }

  synchronized List<ServedResponse> snapshot() {
    return List.copyOf(entries);
  }

  synchronized void clear() {
    entries.clear();
  }

  static ArrayNode toJson(List<ServedResponse> list) {
    ArrayNode arr = Json.array();
    for (ServedResponse r : list) {
      ObjectNode o = arr.addObject();
      o.put("id", r.id());
      o.put("endpoint", r.endpoint());
      o.put("model", r.model());
      o.put("stream", r.stream());
      o.put("promptTokens", r.promptTokens());
      o.put("completionTokens", r.completionTokens());
      o.put("cachedTokens", r.cachedTokens());
      o.put("finishReason", r.finishReason());
      o.put("injectedFirstTokenDelayNanos", r.injectedFirstTokenDelayNanos());
      o.put("fault", r.fault() == null ? null : r.fault().wireName());
      o.put("includeUsage", r.includeUsage());
      o.put("logprobsReturned", r.logprobsReturned());
      o.put("outputText", r.outputText());
      o.put("chunkCount", r.chunkCount());
      ArrayNode texts = o.putArray("choiceTexts");
      r.choiceTexts().forEach(texts::add);
      o.put("httpStatus", r.httpStatus());
      ServerTiming t = r.timing();
      if (t != null) {
        ObjectNode timing = o.putObject("timing");
        timing.put("startEpochNanos", t.startEpochNanos());
        timing.put("queueNanos", t.queueNanos());
        timing.put("prefillNanos", t.prefillNanos());
        timing.put("decodeNanos", t.decodeNanos());
        timing.put("timeToFirstTokenNanos", t.timeToFirstTokenNanos());
        timing.put("e2eNanos", t.e2eNanos());
      }
    }
    return arr;
  }
}
