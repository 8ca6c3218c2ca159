package dev.genaiwatch.processor.drift.quality;

import java.util.Locale;

/** The report's memory section: {@link DriftMemory}'s burst and sustained runs. */
final class MemorySection {
  private MemorySection() {}

  static void append(StringBuilder md, double minutes) throws Exception {
    md.append(
        """
        ## Memory and state

        A whole processor in one JVM (default settings, embeddings on, the default disk queue, no \
        downstream; the JVM's maximum heap %.0f MB) with the OTLP/gRPC client feeding it \
        `SyntheticTraffic` over 100 keys (one service name each); resident set of that JVM from \
        `/proc/self/status`. Load average at the start: %s.

        | run | spans | duration | RSS at the end | sampled texts embedded / dropped | drift state file |
        |---|---|---|---|---|---|
        """
            .formatted(
                Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0),
                EmbeddingAtLoad.loadAverage()));
    row(md, "burst of 20,000 spans, as fast as accepted", DriftMemory.burst(20_000, 100));
    DriftMemory.Result sustained =
        DriftMemory.sustained(EmbeddingSection.CALLS_PER_SECOND, 100, minutes);
    row(md, String.format(Locale.ROOT, "1,000 calls/s for %.0f min", minutes), sustained);
    md.append("\nDuring the sustained run, every minute: ")
        .append(String.join("; ", sustained.timeline()))
        .append(". Load average at the end: ")
        .append(EmbeddingAtLoad.loadAverage())
        .append(".\n\n");
  }

  private static void row(StringBuilder md, String name, DriftMemory.Result result) {
    md.append(
        String.format(
            Locale.ROOT,
            "| %s | %,d | %.0f s | %s | %.0f / %.0f | %,d bytes for %d keys |%n",
            name,
            result.spans(),
            result.seconds(),
            result.rss(),
            result.embedded(),
            result.dropped(),
            result.stateFileBytes(),
            result.keys()));
  }
}
