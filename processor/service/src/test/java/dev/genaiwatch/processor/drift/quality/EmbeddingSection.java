package dev.genaiwatch.processor.drift.quality;

import dev.genaiwatch.processor.drift.DriftSettings;
import dev.genaiwatch.processor.drift.TextSketch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The report's embedding section: topic and language shifts detected by the prompt embedding with
 * the real model, by design (each sampled block embedded before the next call) and at 1,000 calls/s
 * on this host, with the model's throughput and the host's load average.
 */
final class EmbeddingSection {
  static final double CALLS_PER_SECOND = 1000;
  private static final List<Long> STATIONARY_SEEDS = List.of(301L, 302L, 303L);
  private static final List<Long> HELD_OUT_SEEDS = List.of(301L, 302L, 303L);

  private EmbeddingSection() {}

  static void append(StringBuilder md) throws InterruptedException {
    DriftSettings settings = EmbeddingAtLoad.settings();
    md.append(
        """
        ## Text drift at 1,000 calls/s: prompt words and embeddings

        Two detectors watch what users ask. The prompt's words (`prompt_lexical`): every prompt's \
        hashed sketch of words, word pairs and character 3-grams (%d dimensions) and its cosine \
        distance to the centroid of the key's first %d prompts, watched call by call by the same \
        calibrated CUSUM as every numeric feature, within the key's one false-alarm budget. The \
        prompt embedding, sampled: prompt embeddings on (all-MiniLM-L6-v2, quantised, ONNX \
        Runtime), default settings: blocks \
        of %d calls per key, %d texts sampled uniformly from each, compared with a reference of %d \
        sampled texts by an MMD permutation test (%d permutations, p < %s) and a centroid distance \
        beyond the reference's own chance distance; %d drifting blocks in a row raise the alarm. \
        The shift starts %d calls after the call reference (%d calls). `topic` (coding questions) \
        and `language` (German and Chinese) were used while designing; `topic_held_out` (cooking) \
        and `language_held_out` (French and Spanish) were written after the design was frozen and \
        run here only, on held-out seeds %s. Load average (1/5/15 min) at the start: %s on %d \
        cores, shared with other builds.

        """
            .formatted(
                TextSketch.DIMENSIONS,
                settings.referenceSize() / 2,
                settings.embeddingBlockCalls(),
                settings.embeddingSamplePerBlock(),
                settings.embeddingReferenceSize(),
                settings.mmdPermutations(),
                settings.mmdPValue(),
                settings.embeddingConsecutive(),
                SignalQuality.CALLS_BEFORE_SHIFT,
                settings.referenceSize(),
                HELD_OUT_SEEDS,
                EmbeddingAtLoad.loadAverage(),
                Runtime.getRuntime().availableProcessors()));
    List<String> distinct = new ArrayList<>(PromptPools.CODING);
    distinct.addAll(PromptPools.OTHER_LANGUAGES);
    md.append(
        String.format(
            Locale.ROOT,
            "Model alone on %d distinct prompts: %.0f texts/s on 1 thread, %.0f texts/s on %d"
                + " threads (`drift.embedding.threads`).%n%n",
            distinct.size(),
            EmbeddingAtLoad.modelTextsPerSecond(distinct, 1),
            EmbeddingAtLoad.modelTextsPerSecond(distinct, settings.embeddingThreads()),
            settings.embeddingThreads()));
    md.append(
        """
        ### By design: every sampled block embedded before the next call

        What the statistics decide when the embedder keeps up, independent of the host's speed. \
        Delay: calls from the shift's first call to the last call of the block that raised the \
        alarm.

        """);
    shiftTable(md, settings, 0);
    stationaryLine(md, settings, 0);
    md.append(
        """
        ### Paced at 1,000 calls/s

        The same traffic fed at 1,000 calls/s. Dated: the alarm's call (the end of the block it \
        was decided on); announced: calls fed by the time the alarm was announced (dated + the \
        embedding and evaluation lag). Texts/s: sampled texts embedded per second of the run \
        (cache hits included); model runs: the texts the model actually ran on; dropped: sampled \
        texts whose block was replaced by the key's newer block while waiting.

        """);
    shiftTable(md, settings, CALLS_PER_SECOND);
    stationaryLine(md, settings, CALLS_PER_SECOND);
    md.append("Load average at the end: ").append(EmbeddingAtLoad.loadAverage()).append(".\n\n");
  }

  private static void shiftTable(StringBuilder md, DriftSettings settings, double rate) {
    String delays = rate > 0 ? "dated / announced" : "dated";
    md.append("| shift | seeds | prompt words (`prompt_lexical`): ")
        .append(delays)
        .append(" | prompt embedding: ")
        .append(delays)
        .append(" | announced first | flaps | other features alarmed |")
        .append(rate > 0 ? " texts/s | model runs/s | dropped |" : "")
        .append("\n|---|---|---|---|---|---|---|")
        .append(rate > 0 ? "---|---|---|" : "")
        .append('\n');
    for (Shift shift :
        List.of(Shift.TOPIC, Shift.LANGUAGE, Shift.TOPIC_HELD_OUT, Shift.LANGUAGE_HELD_OUT)) {
      List<Long> seeds =
          shift == Shift.TOPIC || shift == Shift.LANGUAGE
              ? SignalQuality.TUNING_SEEDS
              : HELD_OUT_SEEDS;
      List<String> lexical = new ArrayList<>();
      List<String> embedding = new ArrayList<>();
      List<String> first = new ArrayList<>();
      List<EmbeddingAtLoad.Counts> counts = new ArrayList<>();
      int flaps = 0;
      Set<String> also = new TreeSet<>();
      for (long seed : seeds) {
        SignalQuality.Detection d = EmbeddingAtLoad.shift(settings, seed, shift, rate, counts);
        lexical.add(delay(d.byFeature().get("prompt_lexical"), rate));
        embedding.add(delay(d.byFeature().get("prompt_embedding"), rate));
        String winner = d.announcedFirst();
        first.add(winner == null ? "none" : winner.replace("prompt_", ""));
        flaps += d.flaps();
        also.addAll(d.alsoAlarmed());
      }
      md.append("| ")
          .append(shift.name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(seeds)
          .append(" | ")
          .append(String.join(", ", lexical))
          .append(" | ")
          .append(String.join(", ", embedding))
          .append(" | ")
          .append(String.join(", ", first))
          .append(" | ")
          .append(flaps)
          .append(" | ")
          .append(also.isEmpty() ? "–" : String.join(", ", also))
          .append(" |");
      if (rate > 0) {
        md.append(rates(counts));
      }
      md.append('\n');
    }
    md.append('\n');
  }

  private static String delay(SignalQuality.FirstAlarm alarm, double rate) {
    if (alarm == null) {
      return "missed";
    }
    return rate > 0 ? alarm.delay() + " / " + alarm.announcedDelay() : Long.toString(alarm.delay());
  }

  private static String rates(List<EmbeddingAtLoad.Counts> counts) {
    double embedded = 0;
    double runs = 0;
    double dropped = 0;
    double seconds = 0;
    for (EmbeddingAtLoad.Counts c : counts) {
      embedded += c.sampledEmbedded();
      runs += c.modelRuns();
      dropped += c.dropped();
      seconds += c.seconds();
    }
    return String.format(
        Locale.ROOT,
        " %.0f | %.0f | %.0f %% |",
        embedded / seconds,
        runs / seconds,
        100 * dropped / Math.max(1, embedded + dropped));
  }

  private static void stationaryLine(StringBuilder md, DriftSettings settings, double rate) {
    List<EmbeddingAtLoad.Counts> counts = new ArrayList<>();
    List<String> perSeed = new ArrayList<>();
    for (long seed : STATIONARY_SEEDS) {
      SignalQuality.Stationary run = EmbeddingAtLoad.stationary(settings, seed, rate, counts);
      perSeed.add(
          seed
              + ": "
              + run.falseAlarms()
              + (run.byFeature().isEmpty() ? "" : " " + run.byFeature()));
    }
    md.append("Stationary traffic with embeddings on (")
        .append(SignalQuality.STATIONARY_CALLS)
        .append(" calls per seed after the reference), false alarms of all features per seed: ")
        .append(String.join("; ", perSeed))
        .append('.');
    if (rate > 0) {
      md.append(" Texts/s | model runs/s | dropped:").append(rates(counts));
    }
    md.append("\n\n");
  }
}
