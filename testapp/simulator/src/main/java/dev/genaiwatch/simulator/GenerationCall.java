package dev.genaiwatch.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One OpenAI-style generation request in flight (chat or text completions, Responses): what it
 * asked, its fault and timeline, and the counts of what reached the wire, which the handler logs
 * once the response ends.
 */
class GenerationCall {
  final Exchange ex;
  final GenerationRequest req;
  final Fault fault;
  final String id;
  final long start = System.nanoTime();
  final RequestTimeline timeline;
  final Map<String, String> headers = new LinkedHashMap<>();
  ToolCallResponder.Turn turn = ToolCallResponder.Turn.PLAIN;
  long slept;
  int promptTokens;
  int cachedTokens;
  int chunkCount;
  long firstTokenAt;
  boolean recorded;

  GenerationCall(SimState state, Exchange ex, GenerationRequest req, Fault fault, String id) {
    this.ex = ex;
    this.req = req;
    this.fault = fault;
    this.id = id;
    this.timeline = state.arrived(ex.request);
    headers.put("x-request-id", id);
  }

  /** True the first time only: a response is logged once, however its sending ends. */
  boolean recordNow() {
    if (recorded) {
      return false;
    }
    recorded = true;
    return true;
  }
}
