package dev.genaiwatch.processor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the OTLP/JSON lines the agent printed ({@code OTEL_TRACES_EXPORTER=logging-otlp}) and
 * prints what an operator wants to know per operation and model: calls, errors, latency
 * percentiles, time to first chunk, tokens per second, KV-cache hit ratio, and one example span.
 */
public final class CaptureReport {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CaptureReport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: CaptureReport <file with OTLP/JSON lines>");
      System.exit(2);
    }
    List<Map<String, Object>> spans = read(Path.of(args[0]));
    print(spans, System.out);
  }

  static List<Map<String, Object>> read(Path file) throws IOException {
    List<Map<String, Object>> spans = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.startsWith("{\"resourceSpans\"")) {
        continue;
      }
      for (JsonNode rs : JSON.readTree(line).path("resourceSpans")) {
        for (JsonNode ss : rs.path("scopeSpans")) {
          for (JsonNode span : ss.path("spans")) {
            Map<String, Object> attrs = new TreeMap<>();
            attrs.put("_name", span.path("name").asText());
            attrs.put(
                "_duration",
                (span.path("endTimeUnixNano").asDouble()
                        - span.path("startTimeUnixNano").asDouble())
                    / 1e9);
            attrs.put("_error", span.path("status").path("code").asInt() == 2);
            for (JsonNode a : span.path("attributes")) {
              JsonNode v = a.path("value");
              Object value =
                  v.has("stringValue")
                      ? v.get("stringValue").asText()
                      : v.has("intValue")
                          ? (Object) v.get("intValue").asLong()
                          : v.has("doubleValue")
                              ? (Object) v.get("doubleValue").asDouble()
                              : v.has("boolValue")
                                  ? (Object) v.get("boolValue").asBoolean()
                                  : v.has("arrayValue")
                                      ? arrayText(v.get("arrayValue"))
                                      : v.toString();
              attrs.put(a.path("key").asText(), value);
            }
            spans.add(attrs);
          }
        }
      }
    }
    return spans;
  }

  private static String arrayText(JsonNode array) {
    List<String> items = new ArrayList<>();
    array
        .path("values")
        .forEach(item -> items.add(item.path("stringValue").asText(item.toString())));
    return items.toString();
  }

  /**
   * The overview row a call belongs to: instrumentation, span name, streamed or not; the OpenAI API
   * it used when it says so ({@code openai.api.type=responses}), since the Responses API and chat
   * completions share the span name {@code chat {model}}.
   */
  static String row(Map<String, Object> span) {
    Object api = span.get("openai.api.type");
    return span.get("genai_watch.instrumentation")
        + (api != null ? " " + api : "")
        + " "
        + span.get("_name")
        + (Boolean.TRUE.equals(span.get("gen_ai.request.stream")) ? " (stream)" : "");
  }

  static void print(List<Map<String, Object>> spans, PrintStream out) {
    Map<String, List<Map<String, Object>>> groups = new TreeMap<>();
    for (Map<String, Object> s : spans) {
      groups.computeIfAbsent(row(s), k -> new ArrayList<>()).add(s);
    }
    out.println("== what genai-watch captured: " + spans.size() + " GenAI spans");
    out.printf(
        Locale.ROOT,
        "%-46s %5s %4s %8s %8s %8s %8s %7s %9s%n",
        "instrumentation / span",
        "calls",
        "err",
        "p50 s",
        "p95 s",
        "ttft p50",
        "ttft p95",
        "tok/s",
        "kv-hit %");
    for (Map.Entry<String, List<Map<String, Object>>> e : groups.entrySet()) {
      List<Map<String, Object>> g = e.getValue();
      long errors = g.stream().filter(s -> Boolean.TRUE.equals(s.get("_error"))).count();
      double[] durations = values(g, "_duration");
      double[] ttft = values(g, "gen_ai.response.time_to_first_chunk");
      double[] tps = values(g, "genai_watch.output_tokens_per_second");
      double input = sum(g, "gen_ai.usage.input_tokens");
      double cached = sum(g, "gen_ai.usage.cache_read.input_tokens");
      out.printf(
          Locale.ROOT,
          "%-46s %5d %4d %8s %8s %8s %8s %7s %9s%n",
          e.getKey(),
          g.size(),
          errors,
          fmt(pct(durations, 50)),
          fmt(pct(durations, 95)),
          fmt(pct(ttft, 50)),
          fmt(pct(ttft, 95)),
          fmt(pct(tps, 50)),
          input > 0 ? String.format(Locale.ROOT, "%.1f", 100 * cached / input) : "-");
    }
    spans.stream()
        .filter(
            s ->
                s.containsKey("gen_ai.response.time_to_first_chunk")
                    && s.containsKey("gen_ai.input.messages"))
        .findFirst()
        .ifPresent(
            s -> {
              out.println();
              out.println(
                  "== one streamed call, as exported (content redacted and size-limited by the agent):");
              s.forEach(
                  (k, v) -> {
                    if (!k.startsWith("_")) {
                      String text = String.valueOf(v);
                      out.println(
                          "   "
                              + k
                              + " = "
                              + (text.length() > 160 ? text.substring(0, 160) + "…" : text));
                    }
                  });
            });
    long redacted =
        spans.stream()
            .mapToLong(s -> s.get("genai_watch.content.redactions") instanceof Long l ? l : 0)
            .sum();
    out.println();
    out.println("== secrets/e-mails redacted from captured content: " + redacted);
  }

  private static double[] values(List<Map<String, Object>> spans, String key) {
    return spans.stream()
        .map(s -> s.get(key))
        .filter(v -> v instanceof Number)
        .mapToDouble(v -> ((Number) v).doubleValue())
        .sorted()
        .toArray();
  }

  private static double sum(List<Map<String, Object>> spans, String key) {
    double total = 0;
    for (double v : values(spans, key)) {
      total += v;
    }
    return total;
  }

  private static double pct(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String fmt(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.3f", v);
  }
}
