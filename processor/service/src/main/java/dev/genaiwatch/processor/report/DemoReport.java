package dev.genaiwatch.processor.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's closing report, read from a running processor: what the calls looked like per client
 * and model (from {@code /api/calls}), which drift alarms started and at which call (processor log
 * and {@code /api/drift}), the demo shop's healthy and shifted calls side by side, how the
 * evaluator scored the answers ({@code /metrics}) and which answers were flagged (by the heuristics
 * on the call, and by the RAG context-use check whose verdict {@code /api/calls} shows with the
 * call), and what each client's calls cost ({@code /metrics}).
 *
 * <p>{@code DemoReport <processor base URL> <processor log file> <steady calls per key>}
 */
public final class DemoReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DRIFT_LINE =
      Pattern.compile(
          "DRIFT_(STARTED|ENDED) key=(\\S+) feature=(\\S+)(?: group=\\S+)? call=(\\d+)"
              + "(?: effect=\"([^\"]*)\")?");
  private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)\\{([^}]*)} ([0-9.eE+-]+|NaN)$");
  private static final List<String> FLAGS =
      List.of("rag_context_unused", "truncated", "refusal", "empty_output", "invalid_json");
  private static final int EXAMPLES_PER_FLAG = 3;
  private static final String DEMO_SERVICE = "demo-shop";
  static final String SERVICE = "_service";
  static final String START = "_start";
  static final String PROMPT_CHARS = "_prompt_chars";
  private static final String EVALUATION_PREFIX = "genai_watch.eval.";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;

  private DemoReport(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println(
          "usage: DemoReport <processor base URL> <processor log file> <steady calls per key>");
      System.exit(2);
    }
    DemoReport report = new DemoReport(args[0]);
    report.print(Files.readAllLines(Path.of(args[1])), Long.parseLong(args[2]), System.out);
  }

  void print(List<String> processorLog, long steadyCalls, PrintStream out)
      throws IOException, InterruptedException {
    List<Map<String, Object>> calls = calls();
    out.println();
    CaptureReport.print(calls, out);
    printDrift(processorLog, steadyCalls, calls, out);
    ShiftComparison.print(calls, DEMO_SERVICE, steadyCalls, out);
    printEvaluation(calls, out);
    LatencySplitReport.print(get("/api/latency"), out);
    CostReport.print(get("/metrics", "text/plain"), out);
    heading(out, "where to look next");
    out.println(
        "   docs/processor.md              run the processor beside your services; /api/drift, /api/calls, /metrics");
    out.println(
        "   ops/grafana/genai-watch-dashboard.json   latency breakdown, tokens, cache hits, drift, evaluation scores");
    out.println(
        "   ops/prometheus/alerts.yml      TTFT p95, TPS drop, drift, score drop, RAG context unused, error ratio");
    out.println(
        "   docs/operations.md             Jaeger / Tempo / Collector setups; every span above is forwarded as OTLP");
  }

  private List<Map<String, Object>> calls() throws IOException, InterruptedException {
    List<Map<String, Object>> spans = new ArrayList<>();
    for (JsonNode call : get("/api/calls?limit=100000").path("calls")) {
      Map<String, Object> span = new TreeMap<>();
      span.put("_name", call.path("name").asText());
      span.put("_duration", call.path("durationSeconds").asDouble());
      span.put("_error", "STATUS_CODE_ERROR".equals(call.path("status").asText()));
      span.put(SERVICE, call.path("service.name").asText());
      span.put(START, call.path("startTimeUnixNano").asLong());
      Iterator<Map.Entry<String, JsonNode>> attributes = call.path("attributes").fields();
      while (attributes.hasNext()) {
        Map.Entry<String, JsonNode> a = attributes.next();
        JsonNode v = a.getValue();
        span.put(
            a.getKey(),
            v.isBoolean()
                ? (Object) v.asBoolean()
                : v.isIntegralNumber()
                    ? (Object) v.asLong()
                    : v.isNumber()
                        ? (Object) v.asDouble()
                        : v.isTextual() ? v.asText() : v.toString());
      }
      Object input = span.get("gen_ai.input.messages");
      if (input != null) {
        String asked = text(input, "user");
        span.put(PROMPT_CHARS, (long) asked.codePointCount(0, asked.length()));
      }
      addEvaluations(call.path("evaluations"), span);
      spans.add(span);
    }
    return spans;
  }

  /**
   * The evaluator's verdicts about the call: each score as {@code _score.NAME}, the explanation as
   * {@code _why.NAME}, and flags such as {@code genai_watch.eval.rag_context_unused} (the RAG check
   * sends them on its own span) as if they were on the call.
   */
  private static void addEvaluations(JsonNode evaluations, Map<String, Object> span) {
    for (JsonNode evaluation : evaluations) {
      String name = evaluation.path("name").asText();
      JsonNode score = evaluation.path("gen_ai.evaluation.score.value");
      if (score.isNumber()) {
        span.put("_score." + name, score.asDouble());
        span.put("_why." + name, evaluation.path("gen_ai.evaluation.explanation").asText());
      }
      evaluation
          .fields()
          .forEachRemaining(
              f -> {
                if (f.getKey().startsWith(EVALUATION_PREFIX) && f.getValue().isBoolean()) {
                  span.putIfAbsent(f.getKey(), f.getValue().asBoolean());
                }
              });
    }
  }

  private void printDrift(
      List<String> processorLog, long steadyCalls, List<Map<String, Object>> calls, PrintStream out)
      throws IOException, InterruptedException {
    heading(
        out,
        "drift alarms (service demo-shop: its first "
            + steadyCalls
            + " chat calls were steady traffic, the rest shifted; judge keys count judged calls)");
    int alarms = 0;
    for (String line : processorLog) {
      Matcher m = DRIFT_LINE.matcher(line);
      if (m.find()) {
        alarms++;
        long call = Long.parseLong(m.group(4));
        long shiftAt = shiftAt(m.group(2), steadyCalls, calls);
        out.printf(
            Locale.ROOT,
            "   %-7s %-26s at call %4d (%s)   %s%n",
            m.group(1).toLowerCase(Locale.ROOT),
            m.group(3),
            call,
            call <= shiftAt ? "before the shift" : (call - shiftAt) + " calls into the shift",
            m.group(2));
        if (m.group(5) != null) {
          out.println("           " + m.group(5));
        }
      }
    }
    if (alarms == 0) {
      out.println("   none");
    }
    for (JsonNode key : get("/api/drift").path("keys")) {
      List<String> drifting = new ArrayList<>();
      key.path("features")
          .fields()
          .forEachRemaining(
              f -> {
                if (f.getValue().path("drifting").asBoolean()) {
                  drifting.add(f.getKey());
                }
              });
      out.printf(
          Locale.ROOT,
          "   now: %-60s %4d calls, %s%n",
          key.path("id").asText(key.path("key").asText()),
          key.path("calls").asLong(),
          drifting.isEmpty() ? "no drift" : "drifting: " + String.join(", ", drifting));
    }
  }

  /**
   * Where the shift starts in a drift key's own count: its chat calls for the chat key; for an
   * evaluation key ({@code ...|evaluation.relevance}), which counts judge scores of a sample of the
   * calls, how many of the healthy calls were scored.
   */
  private static long shiftAt(String key, long steadyCalls, List<Map<String, Object>> calls) {
    int at = key.indexOf("|evaluation.");
    if (at < 0) {
      return steadyCalls;
    }
    String service = key.substring(0, key.indexOf('|'));
    String score = "_score." + key.substring(at + "|evaluation.".length());
    return calls.stream()
        .filter(
            c -> service.equals(c.get(SERVICE)) && "chat".equals(c.get("gen_ai.operation.name")))
        .sorted(Comparator.comparingLong(c -> (Long) c.get(START)))
        .limit(steadyCalls)
        .filter(c -> c.containsKey(score))
        .count();
  }

  private void printEvaluation(List<Map<String, Object>> calls, PrintStream out)
      throws IOException, InterruptedException {
    Map<String, double[]> scores = new TreeMap<>();
    Map<String, Double> failures = new TreeMap<>();
    Map<String, double[]> checks = new TreeMap<>();
    for (String line : get("/metrics", "text/plain").split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      String name = m.group(1);
      Map<String, String> labels = labels(m.group(2));
      double value = Double.parseDouble(m.group(3));
      switch (name) {
        case "genai_watch_eval_score_sum" ->
            scores.computeIfAbsent(labels.get("gen_ai_evaluation_name"), k -> new double[2])[0] +=
                value;
        case "genai_watch_eval_score_count" ->
            scores.computeIfAbsent(labels.get("gen_ai_evaluation_name"), k -> new double[2])[1] +=
                value;
        case "genai_watch_eval_failed_total" ->
            failures.merge(labels.get("reason"), value, Double::sum);
        case "genai_watch_eval_checks_total" ->
            checks.computeIfAbsent(labels.get("check"), k -> new double[2])[0] += value;
        case "genai_watch_eval_flagged_total" ->
            checks.computeIfAbsent(labels.get("check"), k -> new double[2])[1] += value;
        default -> {}
      }
    }
    heading(out, "evaluation (LLM-as-judge on sampled traces, heuristics on every call)");
    scores.forEach(
        (rubric, s) ->
            out.printf(
                Locale.ROOT,
                "   judge %-14s %4.0f scored, mean %.2f%n",
                rubric,
                s[1],
                s[1] == 0 ? Double.NaN : s[0] / s[1]));
    failures.forEach(
        (reason, n) -> out.printf(Locale.ROOT, "   judge failures %-22s %4.0f%n", reason, n));
    checks.forEach(
        (check, c) ->
            out.printf(
                Locale.ROOT,
                "   heuristic %-19s %4.0f of %4.0f calls flagged%n",
                check,
                c[1],
                c[0]));
    heading(
        out,
        "flagged answers, up to "
            + EXAMPLES_PER_FLAG
            + " per flag, newest first (content as captured: redacted by the agent)");
    int shown = 0;
    for (String flag : FLAGS) {
      // One example per distinct exchange: the demo asks the same questions many times.
      Map<String, Map<String, Object>> flagged = new LinkedHashMap<>();
      calls.stream()
          .filter(c -> Boolean.TRUE.equals(c.get(EVALUATION_PREFIX + flag)))
          .forEach(
              c ->
                  flagged.putIfAbsent(
                      snippet(c.get("gen_ai.input.messages"))
                          + snippet(c.get("gen_ai.output.messages")),
                      c));
      for (Map<String, Object> call : flagged.values().stream().limit(EXAMPLES_PER_FLAG).toList()) {
        shown++;
        out.printf(
            Locale.ROOT,
            "   [%s] %s via %s (%s)%n      asked:    %s%n      answered: %s%n",
            flag,
            call.get("_name"),
            call.get("genai_watch.instrumentation"),
            call.get(SERVICE),
            snippet(call.get("gen_ai.input.messages")),
            snippet(call.get("gen_ai.output.messages")));
        Object why = call.get("_why.rag_context_use");
        if (flag.equals("rag_context_unused") && why != null) {
          out.println("      why:      " + why);
        }
      }
    }
    if (shown == 0) {
      out.println("   none");
    }
  }

  /** The text parts of a GenAI messages attribute, cut for one line. */
  private static String snippet(Object messagesJson) {
    if (messagesJson == null) {
      return "(content not captured)";
    }
    String s = text(messagesJson, null).replace('\n', ' ');
    return s.length() > 110 ? s.substring(0, 110) + "…" : s;
  }

  /** The text parts of a GenAI messages attribute of one role (null: every role), joined. */
  private static String text(Object messagesJson, String role) {
    StringBuilder text = new StringBuilder();
    try {
      for (JsonNode message : JSON.readTree(messagesJson.toString())) {
        if (role != null && !role.equals(message.path("role").asText())) {
          continue;
        }
        for (JsonNode part : message.path("parts")) {
          if (part.has("content")) {
            text.append(text.length() == 0 ? "" : " | ").append(part.path("content").asText());
          }
        }
      }
    } catch (IOException e) {
      text.append(messagesJson);
    }
    return text.toString();
  }

  /** The labels of one /metrics sample line's braces. */
  static Map<String, String> labels(String text) {
    Map<String, String> labels = new TreeMap<>();
    Matcher m = Pattern.compile("([a-z_]+)=\"([^\"]*)\"").matcher(text);
    while (m.find()) {
      labels.put(m.group(1), m.group(2));
    }
    return labels;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return JSON.readTree(get(path, "application/json"));
  }

  private String get(String path, String accept) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", accept)
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(
          "GET " + path + " -> HTTP " + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  /** A section of the report: a blank line, then its title after "== ". */
  private static void heading(PrintStream out, String title) {
    out.println();
    out.println("== " + title);
  }
}
