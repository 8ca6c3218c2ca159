package dev.genaiwatch.testapp.scenario;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Workloads for the overhead benchmarks ({@code bench/}): the same calls an application makes,
 * repeated, and measured from inside the application so the figures do not include JVM start or the
 * harness. Each prints one {@code BENCH key=value ...} line that the harness parses. Parameters are
 * system properties so the command line stays the testapp's own: {@code bench.warmup} (calls before
 * timing, default 200) and {@code --requests} (timed calls).
 *
 * <p>The simulator honours {@code [[tokens=N]]} in the prompt, so every call gets exactly the same
 * answer length: 200 chunks for the streaming workload, a short answer for the plain one.
 */
final class BenchScenarios {
  static final int STREAM_CHUNKS = 200;
  static final int PLAIN_TOKENS = 32;

  private BenchScenarios() {}

  @ScenarioName("openai-java-bench")
  private static void plainBench(ScenarioContext ctx) throws Exception {
    timed(ctx, "openai-java-bench", plainCall(ctx));
  }

  @ScenarioName("openai-java-bench-stream")
  private static void streamedBench(ScenarioContext ctx) throws Exception {
    timed(ctx, "openai-java-bench-stream", streamedCall(ctx));
  }

  @ScenarioName("webclient-bench-stream")
  private static void webClientStreamedBench(ScenarioContext ctx) throws Exception {
    timed(ctx, "webclient-bench-stream", webClientStreamedCall(ctx));
  }

  @ScenarioName("openai-responses-bench-stream")
  private static void responsesStreamedBench(ScenarioContext ctx) throws Exception {
    timed(ctx, "openai-responses-bench-stream", responsesStreamedCall(ctx));
  }

  @ScenarioName("openai-java-startup")
  private static void startupBench(ScenarioContext ctx) throws Exception {
    firstCall(ctx, "openai-java-startup", plainCall(ctx));
  }

  @ScenarioName("no-llm-startup")
  private static void noLlmStartup(ScenarioContext ctx) throws Exception {
    NoLlmStartup.run(ctx.baseUrl(), ctx.out());
  }

  private static Call plainCall(ScenarioContext ctx) {
    OpenAIClient client = OpenAiJavaScenarios.client(ctx);
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ctx.chatModel())
            .addSystemMessage(
                "You are the support assistant of Example Corp. Answer in one short paragraph.")
            .addUserMessage(
                "[[tokens=" + PLAIN_TOKENS + "]] My order 4711 has not arrived; what can I do?")
            .temperature(0.2)
            .build();
    return () -> {
      ChatCompletion completion = client.chat().completions().create(params);
      return completion.choices().get(0).message().content().map(String::length).orElse(0);
    };
  }

  private static Call streamedCall(ScenarioContext ctx) {
    OpenAIClient client = OpenAiJavaScenarios.client(ctx);
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder()
            .model(ctx.chatModel())
            .addUserMessage(
                "[[tokens=" + STREAM_CHUNKS + "]] Tell me a long story about a lighthouse.")
            .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
            .build();
    return () -> OpenAiJavaScenarios.streamedChars(client, params);
  }

  /** The same 200-chunk stream from the Responses API, its text deltas read to the end. */
  private static Call responsesStreamedCall(ScenarioContext ctx) {
    OpenAIClient client = OpenAiJavaScenarios.client(ctx);
    ResponseCreateParams params =
        ResponseCreateParams.builder()
            .model(ctx.chatModel())
            .input("[[tokens=" + STREAM_CHUNKS + "]] Tell me a long story about a lighthouse.")
            .maxOutputTokens((long) STREAM_CHUNKS)
            .build();
    return () -> {
      try (StreamResponse<ResponseStreamEvent> stream =
          client.responses().createStreaming(params)) {
        return stream.stream()
            .filter(ResponseStreamEvent::isOutputTextDelta)
            .mapToInt(e -> e.asOutputTextDelta().delta().length())
            .sum();
      }
    };
  }

  /** The same 200-chunk stream through Spring's WebClient, its SSE events decoded as strings. */
  private static Call webClientStreamedCall(ScenarioContext ctx) {
    WebClient client = WebClient.create(ctx.baseUrl());
    String json =
        OkHttpScenarios.chatJson(
            ctx,
            null,
            "[[tokens=" + STREAM_CHUNKS + "]] Tell me a long story about a lighthouse.",
            true,
            STREAM_CHUNKS);
    return () -> {
      List<String> events =
          client
              .post()
              .uri("/chat/completions")
              .contentType(MediaType.APPLICATION_JSON)
              .bodyValue(json)
              .retrieve()
              .bodyToFlux(String.class)
              .collectList()
              .block();
      return events.stream().mapToInt(String::length).sum();
    };
  }

  private static void timed(ScenarioContext ctx, String name, Call call) throws Exception {
    int warmup = Integer.getInteger("bench.warmup", 200);
    int calls = ctx.requests();
    long answerChars = 0;
    for (int i = 0; i < warmup; i++) {
      answerChars += call.run();
    }
    // Marks the end of the warm-up for a harness that samples the process from outside (per-thread
    // CPU from /proc); the harness parses only lines starting with "BENCH ".
    ctx.out().println("BENCH_WARM " + name);
    ctx.out().flush();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    Map<Long, Long> allBefore = allocatedByThread(threads);
    long allocBefore = threads.getThreadAllocatedBytes(thread);
    long[] latencies = new long[calls];
    long cpuBefore = processCpuNanos();
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      long t0 = System.nanoTime();
      answerChars += call.run();
      latencies[i] = System.nanoTime() - t0;
    }
    long elapsed = System.nanoTime() - start;
    long cpu = processCpuNanos() - cpuBefore;
    long allocCaller = threads.getThreadAllocatedBytes(thread) - allocBefore;
    long allocAll = allocatedSince(threads, allBefore);
    Arrays.sort(latencies);
    MemoryUsage heap = heapAfterGc();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", name);
    out.put("warmup", warmup);
    out.put("calls", calls);
    out.put("calls_per_s", calls / (elapsed / 1e9));
    out.put("p50_us", percentile(latencies, 0.50) / 1e3);
    out.put("p99_us", percentile(latencies, 0.99) / 1e3);
    // CPU time of the whole process (app, agent threads, GC, JIT) per call: unlike calls/s it
    // barely moves
    // when other processes compete for the cores, so it is the steadier overhead figure on a shared
    // machine.
    out.put("cpu_us_per_call", cpu / 1e3 / calls);
    out.put("alloc_bytes_per_call", (double) allocCaller / calls);
    out.put("alloc_all_threads_bytes_per_call", (double) allocAll / calls);
    out.put("heap_used_after_gc_bytes", heap.getUsed());
    out.put("rss_kb", residentKilobytes());
    out.putAll(MemoryDetail.read());
    out.put("answer_chars", answerChars);
    print(ctx, out);
  }

  private static void firstCall(ScenarioContext ctx, String name, Call call) throws Exception {
    call.run();
    long sinceStart =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("scenario", name);
    out.put("first_call_ms", sinceStart);
    out.put("cpu_ms", processCpuNanos() / 1e6);
    out.put("uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
    print(ctx, out);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void print(ScenarioContext ctx, Map<String, Object> values) {
    StringBuilder line = new StringBuilder("BENCH");
    values.forEach(
        (k, v) ->
            line.append(' ')
                .append(k)
                .append('=')
                .append(v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : v));
    ctx.out().println(line);
    ctx.out().flush();
  }

  /**
   * Bytes allocated by every thread alive now, minus what it had allocated at {@code before}:
   * includes the client's and the exporter's background threads; threads that ended in between are
   * not counted.
   */
  private static long allocatedSince(
      com.sun.management.ThreadMXBean threads, Map<Long, Long> before) {
    long total = 0;
    for (Map.Entry<Long, Long> e : allocatedByThread(threads).entrySet()) {
      total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    return total;
  }

  private static Map<Long, Long> allocatedByThread(com.sun.management.ThreadMXBean threads) {
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> out = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) {
        out.put(ids[i], bytes[i]);
      }
    }
    return out;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static MemoryUsage heapAfterGc() throws InterruptedException {
    // Two collections with a pause: the first may only enqueue finalizable/reference objects.
    System.gc();
    Thread.sleep(100);
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
  }

  /** VmRSS from /proc (Linux); -1 elsewhere. */
  private static long residentKilobytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (Exception e) {
      // Not Linux: the harness reports the figure as unavailable.
    }
    return -1;
  }

  @FunctionalInterface
  private interface Call {
    /** Makes one call; returns the answer length so the work cannot be optimised away. */
    int run() throws Exception;
  }
}
