package dev.genaiwatch.processor.report;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The demo's before-and-after table: one service's chat calls in the order they started, the first
 * {@code steadyCalls} healthy and the rest shifted, side by side: what users asked, what the model
 * answered, what the judge scored and what the heuristics flagged.
 */
final class ShiftComparison {
  private static final String CHAT = "chat";

  private ShiftComparison() {}

  /** One row: a mean over the calls that have the value, or a share of the calls it applies to. */
  private record Row(String label, ToDoubleFunction<Map<String, Object>> value, boolean share) {}

  static void print(
      List<Map<String, Object>> calls, String service, long steadyCalls, PrintStream out) {
    List<Map<String, Object>> chats =
        calls.stream()
            .filter(c -> service.equals(c.get(DemoReport.SERVICE)))
            .filter(c -> CHAT.equals(c.get("gen_ai.operation.name")))
            .sorted(Comparator.comparingLong(c -> (Long) c.get(DemoReport.START)))
            .toList();
    int split = (int) Math.min(steadyCalls, chats.size());
    List<Map<String, Object>> healthy = chats.subList(0, split);
    List<Map<String, Object>> shifted = chats.subList(split, chats.size());
    out.println();
    out.printf(
        Locale.ROOT,
        "== healthy vs shifted (service %s, its chat calls in order; the shift starts after call %d)%n",
        service,
        steadyCalls);
    out.printf(Locale.ROOT, "   %-44s %14s %14s%n", "", "healthy", "shifted");
    out.printf(Locale.ROOT, "   %-44s %14d %14d%n", "chat calls", healthy.size(), shifted.size());
    List<Row> rows =
        List.of(
            new Row("prompt characters, mean", c -> number(c, DemoReport.PROMPT_CHARS), false),
            new Row("input tokens, mean", c -> number(c, "gen_ai.usage.input_tokens"), false),
            new Row("output tokens, mean", c -> number(c, "gen_ai.usage.output_tokens"), false),
            new Row(
                "judge relevance (0-5), mean of judged", c -> number(c, "_score.relevance"), false),
            new Row(
                "truncated (finish reason length)",
                c -> flag(c, "genai_watch.eval.truncated"),
                true),
            new Row(
                "RAG answers ignoring their documents",
                c -> flag(c, "genai_watch.eval.rag_context_unused"),
                true),
            new Row("refusals", c -> flag(c, "genai_watch.eval.refusal"), true));
    for (Row row : rows) {
      out.printf(
          Locale.ROOT, "   %-44s %14s %14s%n", row.label(), cell(healthy, row), cell(shifted, row));
    }
  }

  private static String cell(List<Map<String, Object>> calls, Row row) {
    double sum = 0;
    int n = 0;
    for (Map<String, Object> call : calls) {
      double v = row.value().applyAsDouble(call);
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    if (n == 0) {
      return "-";
    }
    return row.share()
        ? String.format(Locale.ROOT, "%.0f of %d", sum, n)
        : String.format(Locale.ROOT, "%.1f", sum / n);
  }

  private static double number(Map<String, Object> call, String key) {
    return call.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  /** 1 flagged, 0 checked and fine, NaN not checked. */
  private static double flag(Map<String, Object> call, String key) {
    Object v = call.get(key);
    return v instanceof Boolean b ? (b ? 1 : 0) : Double.NaN;
  }
}
