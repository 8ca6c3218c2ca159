package dev.genaiwatch.processor.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The demo report's latency section: per service, model and model server, where the wait for the
 * first token went, from the processor's join of each call with the model server's own {@code
 * llm_request} span ({@code /api/latency}, see docs/latency-split.md).
 */
final class LatencySplitReport {
  private LatencySplitReport() {}

  static void print(JsonNode latency, PrintStream out) {
    out.println();
    out.println(
        "== where the time went (each call joined with the model server's llm_request span;"
            + " means in ms)");
    JsonNode keys = latency.path("keys");
    if (!latency.path("enabled").asBoolean(true) || keys.isEmpty()) {
      out.println(
          "   no call was joined with a model-server span (the model server needs"
              + " --otlp-traces-endpoint pointing at the processor)");
      return;
    }
    out.printf(
        Locale.ROOT,
        "   %-22s %-22s %6s %8s %8s %8s %8s  %s%n",
        "service",
        "model",
        "calls",
        "network",
        "queue",
        "prefill",
        "decode",
        "first token waited mostly on");
    for (JsonNode key : keys) {
      JsonNode all = key.path("all");
      out.printf(
          Locale.ROOT,
          "   %-22s %-22s %6d %8.1f %8.1f %8.1f %8.1f  %s (queue %.0f %%)%n",
          key.path("serviceName").asText(),
          key.path("model").asText(),
          all.path("calls").asLong(),
          all.path("meanNetworkMs").asDouble(),
          all.path("meanQueueMs").asDouble(),
          all.path("meanPrefillMs").asDouble(),
          all.path("meanDecodeMs").asDouble(),
          all.path("dominantPartOfFirstToken").asText("-"),
          100 * all.path("queueShareOfFirstToken").asDouble());
    }
    long mismatches = 0;
    for (JsonNode key : keys) {
      mismatches += key.path("all").path("tokenMismatches").asLong();
    }
    if (mismatches > 0) {
      out.println(
          "   "
              + mismatches
              + " call(s) where the server's token counts differ from the client's: see /api/latency");
    }
  }
}
