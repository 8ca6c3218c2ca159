package dev.genaiwatch.bench.overhead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every sample of one harness run, in rounds: {@code samples.get(key).get(config)} lists one value
 * map per round, so a ratio can pair each sample with the baseline of the same round.
 */
public final class OverheadResults {
  public static final String STARTUP = "startup";

  /** Start-up of an application that never calls a model ({@code NoLlmStartup}). */
  public static final String NO_LLM_STARTUP = "no-llm-startup";

  /**
   * Start-up to the first call of an application using the OpenAI SDK alone ({@code
   * OpenAiSdkStartup}).
   */
  public static final String SDK_STARTUP = "openai-sdk-startup";

  /**
   * Start-up to the end of the first (streamed) call of an application using Google's Gen AI SDK
   * alone ({@code GoogleGenAiSdkStartup}).
   */
  public static final String GOOGLE_SDK_STARTUP = "google-genai-sdk-startup";

  public static final String MEMORY = "memory";

  /** The key of a workload's steady-state runs (after {@link OverheadSettings#steadyWarmup}). */
  public static String steady(String scenario) {
    return "steady:" + scenario;
  }

  /** Whether {@code scenario} was measured in steady state in this run. */
  public boolean hasSteadyState(String scenario) {
    return samples.containsKey(steady(scenario));
  }

  private final Map<String, Map<String, List<Map<String, Double>>>> samples = new LinkedHashMap<>();
  private final Map<String, OtlpSink.Counts> exports = new LinkedHashMap<>();
  private final Map<String, Long> exportedCalls = new LinkedHashMap<>();
  private final List<AgentConfiguration> configurations;
  private final List<Workload> workloads;
  private final OverheadSettings settings;

  OverheadResults(
      List<AgentConfiguration> configurations,
      List<Workload> workloads,
      OverheadSettings settings) {
    this.configurations = List.copyOf(configurations);
    this.workloads = List.copyOf(workloads);
    this.settings = settings;
  }

  void add(String key, String config, Map<String, Double> values) {
    samples
        .computeIfAbsent(key, k -> new LinkedHashMap<>())
        .computeIfAbsent(config, c -> new ArrayList<>())
        .add(values);
  }

  void addExports(String config, OtlpSink.Counts counts, long calls) {
    exports.merge(
        config,
        counts,
        (a, b) ->
            new OtlpSink.Counts(
                a.traceRequests() + b.traceRequests(),
                a.traceBytes() + b.traceBytes(),
                a.genAiSpans() + b.genAiSpans(),
                a.otherRequests() + b.otherRequests()));
    exportedCalls.merge(config, calls, Long::sum);
  }

  /** Values of {@code metric} for one key and configuration, in round order. */
  public List<Double> values(String key, String config, String metric) {
    List<Double> out = new ArrayList<>();
    for (Map<String, Double> sample :
        samples.getOrDefault(key, Map.of()).getOrDefault(config, List.of())) {
      Double v = sample.get(metric);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** Median of the per-round ratios {@code config / baseline}. */
  public double medianRatio(String key, String config, String baseline, String metric) {
    List<Double> a = values(key, config, metric);
    List<Double> b = values(key, baseline, metric);
    List<Double> ratios = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      if (b.get(i) != 0) {
        ratios.add(a.get(i) / b.get(i));
      }
    }
    return Stats.median(ratios);
  }

  /** Median of the per-round differences {@code config - baseline}. */
  public double medianDifference(String key, String config, String baseline, String metric) {
    List<Double> a = values(key, config, metric);
    List<Double> b = values(key, baseline, metric);
    List<Double> diffs = new ArrayList<>();
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      diffs.add(a.get(i) - b.get(i));
    }
    return Stats.median(diffs);
  }

  public double median(String key, String config, String metric) {
    return Stats.median(values(key, config, metric));
  }

  /**
   * GenAI spans that reached the sink per call made (warm-up included), or NaN if nothing was
   * counted.
   */
  public double genAiSpansPerCall(String config) {
    OtlpSink.Counts counts = exports.get(config);
    long calls = exportedCalls.getOrDefault(config, 0L);
    return counts == null || calls == 0 ? Double.NaN : (double) counts.genAiSpans() / calls;
  }

  public List<AgentConfiguration> configurations() {
    return configurations;
  }

  public List<Workload> workloads() {
    return workloads;
  }

  public OverheadSettings settings() {
    return settings;
  }
}
