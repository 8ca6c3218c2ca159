package dev.genaiwatch.processor.report;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo report's cost section, from the processor's {@code /metrics}: what each client's calls
 * cost ({@code genai_watch_cost_usd_total} summed per {@code service_name}, split by model,
 * operation and basis) and which models had no price.
 */
public final class CostReport {
  private static final Pattern SAMPLE =
      Pattern.compile("^(genai_watch_cost_[a-z_]+)\\{([^}]*)} ([0-9.eE+-]+)$");

  private CostReport() {}

  /** Total cost per client, in USD, from a /metrics page. */
  public static Map<String, Double> totals(String metrics) {
    Map<String, Double> totals = new TreeMap<>();
    parts(metrics).forEach((key, usd) -> totals.merge(key.split("\t")[0], usd, Double::sum));
    return totals;
  }

  public static void print(String metrics, PrintStream out) {
    out.println();
    out.println(
        "== cost per client (price table × the usage the servers reported; see docs/cost.md)");
    Map<String, Double> totals = totals(metrics);
    if (totals.isEmpty()) {
      out.println("   no priced calls");
    }
    Map<String, Double> parts = parts(metrics);
    totals.forEach(
        (client, usd) -> {
          out.printf(Locale.ROOT, "   %-28s %12.6f USD%n", client, usd);
          parts.forEach(
              (key, part) -> {
                String[] labels = key.split("\t");
                if (labels[0].equals(client)) {
                  out.printf(
                      Locale.ROOT,
                      "      %-40s %12.6f USD%n",
                      labels[1] + " " + labels[2] + " (" + labels[3] + ")",
                      part);
                }
              });
        });
    for (String line : metrics.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches() && m.group(1).equals("genai_watch_cost_unpriced_total")) {
        out.printf(
            Locale.ROOT,
            "   unpriced: %s, %.0f calls (no price in the table, no GPU price)%n",
            DemoReport.labels(m.group(2)).get("gen_ai_request_model"),
            Double.parseDouble(m.group(3)));
      }
    }
  }

  /** USD per "client \t model \t operation \t basis". */
  private static Map<String, Double> parts(String metrics) {
    Map<String, Double> parts = new TreeMap<>();
    for (String line : metrics.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches() || !m.group(1).equals("genai_watch_cost_usd_total")) {
        continue;
      }
      Map<String, String> labels = DemoReport.labels(m.group(2));
      String key =
          String.join(
              "\t",
              labels.get("service_name"),
              labels.get("gen_ai_request_model"),
              labels.get("gen_ai_operation_name"),
              labels.get("genai_watch_cost_basis"));
      parts.merge(key, Double.parseDouble(m.group(3)), Double::sum);
    }
    return parts;
  }
}
