package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedLog;
import java.nio.file.Path;
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
  private static final int WARM_UP_CALLS = 40;
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
      // The window starts where the detector dates the change, which can be a few calls early, and
      // ends when the alarm is announced, a few calls later: on a fast detection the cached calls
      // from before the collapse can be a large part of it (seen: 98 % → 63 %). A clear drop, not
      // a collapse to zero, is what the description can promise.
      int before = Integer.parseInt(ratio.group(1));
      assertThat(before).as(server).isGreaterThanOrEqualTo(50);
      assertThat(Integer.parseInt(ratio.group(2))).as(server).isLessThanOrEqualTo(before - 25);
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

  /**
   * The baseline, after calls the processor does not see: the first calls of a JVM are slower
   * (class loading, JIT), which would make the reference's TTFT higher than the steady state's.
   */
  private static void callSteadily(SimulatedLlmServer sim, TestProcessor p, int calls) {
    for (int i = 0; i < WARM_UP_CALLS; i++) {
      SimulatedCalls.streamed(sim, SYSTEM_PROMPT, "Warming up " + i);
    }
    for (int i = 0; i < calls; i++) {
      pacedCall(sim, p, i);
    }
  }

  /**
   * Keeps calling until the processor announces the TTFT drift alarm the shift caused, then returns
   * what it said the server did.
   */
  private static String awaitTtftAlarm(
      SimulatedLlmServer sim, TestProcessor p, OtlpReceiver downstream) {
    for (int i = 0; i < MAX_SHIFTED_CALLS && causedByTheShift(downstream).isEmpty(); i++) {
      pacedCall(sim, p, i);
    }
    String server =
        causedByTheShift(downstream).stream()
            .findFirst()
            .orElseThrow(() -> new AssertionError("no TTFT alarm after the shift: " + ttft(p)))
            .attrString("genai_watch.drift.server");
    assertThat(server).as("the alarm's server activity").isNotNull();
    assertThat(ttft(p).path("server").asText()).isEqualTo(server);
    return server;
  }

  /**
   * The TTFT alarms that started after the baseline's calls and say the time to the first chunk
   * went up by at least half. A steady baseline may raise (and end) a small TTFT alarm of its own,
   * e.g. while the JIT warms up, which says nothing about the server; while it lasts, the shift's
   * alarm starts only after it ended.
   */
  private static List<ReceivedLog> causedByTheShift(OtlpReceiver downstream) {
    return downstream.telemetry().logs().stream()
        .filter(l -> "genai_watch.drift.started".equals(l.eventName()))
        .filter(l -> "time_to_first_chunk".equals(l.attrString("genai_watch.drift.feature")))
        .filter(l -> rise(l.attrString("genai_watch.drift.effect")))
        .filter(l -> l.attrLong("genai_watch.drift.call_count") > BASELINE_CALLS)
        .toList();
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
