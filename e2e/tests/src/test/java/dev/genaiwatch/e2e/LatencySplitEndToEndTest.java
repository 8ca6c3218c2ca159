package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.simulator.ServerTiming;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The latency split end to end: the testapp with the agent sends its GenAI spans to the processor
 * jar; the simulated server, like vLLM with {@code --otlp-traces-endpoint}, sends its {@code
 * llm_request} spans there too. One forked run: a plain and a streamed chat call through the OpenAI
 * SDK, LangChain4j and the JDK HttpClient (wire level), then {@value #BURST} streamed calls in
 * waves of 5 at a server with 1 running slot. Each breakdown must equal what the simulator's
 * latency model produced for that request (its served log), and network must be the client's TTFT
 * minus the server's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LatencySplitEndToEndTest {
  static final int BURST = 15;
  static final double TOLERANCE_MS = 5;
  static final List<String> SEQUENTIAL =
      List.of(
          "openai-chat",
          "openai-chat-stream",
          "langchain4j-chat",
          "langchain4j-chat-stream",
          "jdk-chat",
          "jdk-chat-stream");

  OtlpReceiver downstream;
  ProcessorProcess processor;
  SimulatedLlmServer server;
  ForkedJvm.Result app;
  List<ServedResponse> served;
  Map<String, JsonNode> pairByResponseId = new HashMap<>();
  JsonNode latency;

  @BeforeAll
  void runTheClientsAgainstATracingServer() throws Exception {
    downstream = OtlpReceiver.start();
    processor =
        ProcessorProcess.start(
            Map.of(
                "downstream.endpoint", downstream.grpcEndpoint(),
                "downstream.protocol", "grpc",
                "drift.embedding.enabled", "false"));
    server =
        SimulatedLlmServer.start(
            SimConfig.builder()
                .ttftBaseMillis(30)
                .prefillMillisPerToken(0.5)
                .decodeMillisPerToken(3)
                .concurrencyPenalty(0)
                .maxRunningRequests(1)
                .otlpTracesEndpoint(processor.otlpHttpEndpoint())
                .build());
    List<String> scenarios = new ArrayList<>(SEQUENTIAL);
    scenarios.add("openai-burst");
    app =
        ForkedJvm.on(ForkedJvm.Jdks.current())
            .jar(
                AgentRun.testappJar(),
                "run",
                String.join(",", scenarios),
                "--base-url",
                server.baseUrl())
            .timeout(Duration.ofMinutes(3))
            .agent(AgentRun.agentJar())
            .env(processor.agentEnvironment("e2e-latency"))
            .run();
    assertThat(app.exitCode()).as(app.describe()).isZero();
    assertThat(app.stdout()).contains(BURST + " of " + BURST + " calls answered");
    served = server.served().stream().filter(r -> r.timing() != null).toList();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      latency = processor.api("/api/latency");
      pairByResponseId.clear();
      latency.path("recent").forEach(p -> pairByResponseId.put(p.path("responseId").asText(), p));
      boolean allJoined = served.stream().allMatch(r -> pairByResponseId.containsKey(r.id()));
      if (allJoined || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(200);
    }
  }

  @AfterAll
  void stop() {
    AgentRun.closeAll(server, processor, downstream);
  }

  private String context() {
    return "latency: "
        + latency
        + "\nprocessor:\n"
        + processor.output()
        + "\napp:\n"
        + app.describe();
  }

  @Test
  void everyGenerationTheServerServedIsJoinedWithTheClientCallThatAskedForIt() {
    assertThat(served).as(context()).hasSize(2 * 3 + BURST);
    assertThat(served)
        .allSatisfy(r -> assertThat(pairByResponseId).as(context()).containsKey(r.id()));
  }

  @Test
  void queuePrefillAndDecodeAreWhatTheSimulatorsLatencyModelProduced() {
    for (ServedResponse r : served) {
      JsonNode pair = pairByResponseId.get(r.id());
      ServerTiming t = r.timing();
      assertThat(pair.path("queueMs").asDouble())
          .as("queue of " + r.id())
          .isCloseTo(t.queueNanos() / 1e6, within(TOLERANCE_MS));
      assertThat(pair.path("prefillMs").asDouble())
          .as("prefill of " + r.id())
          .isCloseTo(t.prefillNanos() / 1e6, within(TOLERANCE_MS));
      assertThat(pair.path("decodeMs").asDouble())
          .as("decode of " + r.id())
          .isCloseTo(t.decodeNanos() / 1e6, within(TOLERANCE_MS));
      assertThat(pair.path("serverE2eMs").asDouble())
          .isCloseTo(t.e2eNanos() / 1e6, within(TOLERANCE_MS));
      assertThat(pair.path("streamed").asBoolean()).as(r.id()).isEqualTo(r.stream());
      assertThat(pair.path("tokenMismatch").asBoolean()).as(r.id()).isFalse();
    }
  }

  @Test
  void networkIsTheClientsTimeToFirstChunkMinusTheServers() {
    List<ReceivedSpan> clientSpans = joinedClientSpans();
    for (ReceivedSpan span : clientSpans) {
      JsonNode pair = pairByResponseId.get(span.attrString("gen_ai.response.id"));
      double network = pair.path("networkMs").asDouble();
      if (pair.path("streamed").asBoolean()) {
        double clientTtftMs = span.attrDouble("gen_ai.response.time_to_first_chunk") * 1e3;
        assertThat(network)
            .as(span.name())
            .isCloseTo(
                clientTtftMs - pair.path("serverTimeToFirstTokenMs").asDouble(), within(0.01));
      } else {
        double clientMs = (span.endEpochNanos() - span.startEpochNanos()) / 1e6;
        assertThat(network)
            .as(span.name())
            .isCloseTo(clientMs - pair.path("serverE2eMs").asDouble(), within(0.01));
      }
      // The client asks before the server hears and hears after the server answers.
      assertThat(network).as(span.name() + " " + pair).isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void streamedAndPlainCallsOfEveryClientAreJoined() {
    Map<Boolean, Set<String>> clients =
        joinedClientSpans().stream()
            .collect(
                Collectors.partitioningBy(
                    s -> s.attrDouble("gen_ai.response.time_to_first_chunk") != null,
                    Collectors.mapping(
                        s -> s.attrString("genai_watch.instrumentation"), Collectors.toSet())));
    assertThat(clients.get(false))
        .containsExactlyInAnyOrder("openai-java", "langchain4j", "jdk-httpclient");
    assertThat(clients.get(true))
        .containsExactlyInAnyOrder("openai-java", "langchain4j", "jdk-httpclient");
  }

  @Test
  void eachPairLeavesABreakdownSpanUnderItsClientCallInTheSameTrace() {
    List<ReceivedSpan> clientSpans = joinedClientSpans();
    List<ReceivedSpan> breakdowns =
        downstream
            .telemetry()
            .awaitSpans(
                s -> s.name().equals("genai_watch.latency_breakdown"),
                served.size(),
                Duration.ofSeconds(30));
    for (ReceivedSpan client : clientSpans) {
      ReceivedSpan breakdown =
          breakdowns.stream()
              .filter(b -> b.parentSpanId().equals(client.spanId()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no breakdown under " + client));
      JsonNode pair = pairByResponseId.get(client.attrString("gen_ai.response.id"));
      assertThat(breakdown.traceId()).isEqualTo(client.traceId());
      assertThat(breakdown.attrDouble("genai_watch.latency.queue") * 1e3)
          .isCloseTo(pair.path("queueMs").asDouble(), within(0.001));
      assertThat(breakdown.resourceAttributes())
          .containsEntry("service.name", "genai-watch-processor");
    }
    assertThat(downstream.telemetry().spans())
        .filteredOn(s -> s.name().equals("llm_request"))
        .hasSize(served.size());
  }

  @Test
  void underTheBurstTheQueueShareRisesAndTheSplitSaysTheQueueDominates() throws Exception {
    List<JsonNode> sequential = new ArrayList<>();
    List<JsonNode> burst = new ArrayList<>();
    for (int i = 0; i < served.size(); i++) {
      (i < served.size() - BURST ? sequential : burst)
          .add(pairByResponseId.get(served.get(i).id()));
    }
    assertThat(queueShare(burst)).as(context()).isGreaterThan(queueShare(sequential));
    JsonNode key = latency.path("keys").get(0);
    assertThat(latency.path("keys")).hasSize(1);
    assertThat(key.path("serviceName").asText()).isEqualTo("e2e-latency");
    assertThat(key.path("latest").path("dominantPartOfFirstToken").asText())
        .as(context())
        .isEqualTo("queue");
    // All but the calls that found a free slot waited at least one whole call in the queue.
    assertThat(burst)
        .filteredOn(p -> p.path("dominantPart").asText().equals("queue"))
        .hasSizeGreaterThanOrEqualTo(BURST / 2);
    assertThat(processor.metric("genai_watch_latency_matched_total")).isEqualTo(served.size());
    assertThat(processor.metric("genai_watch_latency_queue_seconds_count"))
        .isEqualTo(served.size());
  }

  private static double queueShare(List<JsonNode> pairs) {
    double queue = 0;
    double wait = 0;
    for (JsonNode p : pairs) {
      queue += p.path("queueMs").asDouble();
      wait +=
          Math.max(0, p.path("networkMs").asDouble())
              + p.path("queueMs").asDouble()
              + p.path("prefillMs").asDouble();
    }
    return queue / wait;
  }

  private List<ReceivedSpan> joinedClientSpans() {
    Set<String> ids = pairByResponseId.keySet();
    List<ReceivedSpan> spans =
        downstream
            .telemetry()
            .awaitSpans(
                s ->
                    s.kind().equals("CLIENT")
                        && "chat".equals(s.attrString("gen_ai.operation.name"))
                        && ids.contains(s.attrString("gen_ai.response.id")),
                served.size(),
                Duration.ofSeconds(30));
    assertThat(spans).hasSize(served.size());
    return spans;
  }
}
