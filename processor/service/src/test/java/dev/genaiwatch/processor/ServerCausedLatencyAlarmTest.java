package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TTFT drift alarm names its server-side cause. Real streamed calls to the simulator are timed
 * from the client's side and reported as OTLP spans to a real processor that scrapes the
 * simulator's /metrics meanwhile: a queue burst (other clients' load past the server's running
 * slots) must be named as queue growth, a prefix-cache collapse (the cache flushed under the same
 * traffic) as a hit-ratio drop with no queue.
 */
class ServerCausedLatencyAlarmTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern WAITING =
      Pattern.compile("vllm:num_requests_waiting ([0-9.]+) → ([0-9.]+)");
  private static final Pattern HIT_RATIO =
      Pattern.compile("prefix-cache hit ratio (\\d+) % → (\\d+) %");
  private static final String SYSTEM_PROMPT =
      "You answer questions about orders, parcels and refunds for the shop. ".repeat(30);
  private static final int BASELINE_CALLS = 150;
  private static final Pattern RISE = Pattern.compile("\\(\\+(\\d+) %\\)");

  /**
   * The measured client calls at most every 50 ms, as steady traffic does: the baseline then lasts
   * long enough for the server history before the alarm window to show the normal state.
   */
  private static final long PACE_NANOS = 50_000_000L;

  private static final int MAX_SHIFTED_CALLS = 300;

  @TempDir Path dataDir;

  @Test
  void ttftAlarmDuringAQueueBurstNamesTheQueueGrowth() throws Exception {
    // Two running slots: the background load queues, and the measured calls wait behind it.
    SimConfig config = latencyModel(20, 0, 2, 2);
    AtomicBoolean bursting = new AtomicBoolean(true);
    ExecutorService burst = Executors.newFixedThreadPool(8);
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(config);
        OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p = TestProcessor.start(dataDir, settings(sim, downstream))) {
      callSteadily(sim, p, BASELINE_CALLS);
      for (int i = 0; i < 8; i++) {
        burst.execute(
            () -> {
              while (bursting.get()) {
                SimulatedCalls.streamed(sim, SYSTEM_PROMPT, "background load");
              }
            });
      }
      String server = awaitTtftAlarm(sim, p, downstream);
      bursting.set(false);

      Matcher waiting = WAITING.matcher(server);
      assertThat(waiting.find()).as(server).isTrue();
      double before = Double.parseDouble(waiting.group(1));
      double during = Double.parseDouble(waiting.group(2));
      assertThat(during).as(server).isGreaterThanOrEqualTo(before + 2);
      assertThat(server).startsWith("127.0.0.1:" + sim.port() + ": ");
    } finally {
      bursting.set(false);
      burst.shutdown();
      burst.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void ttftAlarmAfterAPrefixCacheCollapseNamesTheHitRatioDrop() throws Exception {
    // Prefill dominates an uncached prompt: losing the cached system prompt shows in TTFT.
    SimConfig config = latencyModel(5, 0.25, 1, 256);
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(config);
        OtlpReceiver downstream = OtlpReceiver.start();
        TestProcessor p = TestProcessor.start(dataDir, settings(sim, downstream))) {
      callSteadily(sim, p, BASELINE_CALLS);
      sim.flushPrefixCacheContinuously(true);
      String server = awaitTtftAlarm(sim, p, downstream);

      Matcher ratio = HIT_RATIO.matcher(server);
      assertThat(ratio.find()).as(server).isTrue();
      assertThat(Integer.parseInt(ratio.group(1))).as(server).isGreaterThanOrEqualTo(50);
      assertThat(Integer.parseInt(ratio.group(2))).as(server).isLessThanOrEqualTo(10);
      assertThat(server).contains("vllm:num_requests_waiting 0 → 0");
    }
  }

  private static SimConfig latencyModel(
      double ttftBaseMillis, double prefillMillisPerToken, double decodeMillisPerToken, int slots) {
    return SimConfig.zeroLatency().toBuilder()
        .ttftBaseMillis(ttftBaseMillis)
        .prefillMillisPerToken(prefillMillisPerToken)
        .decodeMillisPerToken(decodeMillisPerToken)
        .outputTokenRange(8, 8)
        .maxRunningRequests(slots)
        .build();
  }

  private static Map<String, String> settings(SimulatedLlmServer sim, OtlpReceiver downstream) {
    Map<String, String> settings = new HashMap<>();
    settings.put("downstream.endpoint", downstream.grpcEndpoint());
    settings.put("drift.reference.size", "60");
    settings.put("drift.window.size", "30");
    settings.put("drift.evaluate.every.calls", "10");
    settings.put("serverhealth.targets", sim.rootUrl() + "/metrics");
    settings.put("serverhealth.interval.ms", "100");
    settings.put("serverhealth.alarm.window.ms", "6000");
    return settings;
  }

  private static void callSteadily(SimulatedLlmServer sim, TestProcessor p, int calls) {
    for (int i = 0; i < calls; i++) {
      pacedCall(sim, p, i);
    }
  }

  /**
   * Keeps calling until the processor announces a TTFT drift alarm, then returns what it said the
   * server did.
   */
  private static String awaitTtftAlarm(
      SimulatedLlmServer sim, TestProcessor p, OtlpReceiver downstream) {
    for (int i = 0; i < MAX_SHIFTED_CALLS && !ttftRose(p); i++) {
      pacedCall(sim, p, i);
    }
    // Only the alarm the shift caused: a steady baseline on a loaded machine may raise (and end) a
    // small TTFT alarm of its own, which says nothing about the server.
    List<ReceivedLog> started =
        downstream
            .telemetry()
            .awaitLogs(
                l ->
                    "genai_watch.drift.started".equals(l.eventName())
                        && "time_to_first_chunk".equals(l.attrString("genai_watch.drift.feature"))
                        && rise(l.attrString("genai_watch.drift.effect")),
                1,
                Duration.ofSeconds(30));
    String server =
        started.stream()
            .filter(l -> rise(l.attrString("genai_watch.drift.effect")))
            .reduce((first, later) -> later)
            .orElseThrow()
            .attrString("genai_watch.drift.server");
    assertThat(server).as("the alarm's server activity").isNotNull();
    JsonNode feature = ttft(p);
    assertThat(feature.path("server").asText()).isEqualTo(server);
    return server;
  }

  private static void pacedCall(SimulatedLlmServer sim, TestProcessor p, int i) {
    long start = System.nanoTime();
    p.client.postTraces(
        GenAiCalls.request(
            "shop",
            SimulatedCalls.streamed(sim, SYSTEM_PROMPT, "Where is order " + i + "?").span()));
    long rest = PACE_NANOS - (System.nanoTime() - start);
    if (rest > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(rest);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** A TTFT alarm is on and says the time to the first chunk went up by at least half. */
  private static boolean ttftRose(TestProcessor p) {
    JsonNode feature = ttft(p);
    return feature.path("drifting").asBoolean() && rise(feature.path("effect").asText(null));
  }

  /** An effect such as {@code "time_to_first_chunk p50 0.02 s → 0.19 s (+787 %), ..."}. */
  private static boolean rise(String effect) {
    Matcher m = effect == null ? null : RISE.matcher(effect);
    return m != null && m.find() && Integer.parseInt(m.group(1)) >= 50;
  }

  private static JsonNode ttft(TestProcessor p) {
    for (JsonNode key : p.client.getJson("/api/drift").path("keys")) {
      if (key.path("id").asText().equals("shop|qwen2.5-7b-instruct|chat")) {
        return key.path("features").path("time_to_first_chunk");
      }
    }
    return JSON.createObjectNode();
  }
}
