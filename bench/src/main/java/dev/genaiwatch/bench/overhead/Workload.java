package dev.genaiwatch.bench.overhead;

import java.util.List;

/**
 * One measured client workload: a testapp benchmark scenario. Every instrumented client adds its
 * entries here (LangChain4j, Spring AI, the HTTP clients), nothing else changes.
 *
 * @param scenario the testapp scenario name
 * @param callsFactor timed calls relative to the mode's call count (a 200-chunk stream takes
 *     longer)
 * @param upstreamInstruments whether the upstream OpenTelemetry agent also instruments this client
 */
public record Workload(
    String client, String scenario, String label, double callsFactor, boolean upstreamInstruments) {

  static List<Workload> all() {
    return List.of(
        new Workload("openai-java", "openai-java-bench", "openai-java, non-streaming", 1.0, true),
        new Workload(
            "openai-java",
            "openai-java-bench-stream",
            "openai-java, streaming 200 chunks",
            0.25,
            true),
        new Workload(
            "openai-java",
            "openai-responses-bench-stream",
            "openai-java Responses API, streaming 200 chunks",
            0.25,
            true),
        new Workload(
            "webclient",
            "webclient-bench-stream",
            "WebClient (Reactor Netty), streaming 200 chunks",
            0.25,
            true));
  }

  /** The scenario that prints the time from JVM start to the first completed call. */
  static final String STARTUP_SCENARIO = "openai-java-startup";
}
