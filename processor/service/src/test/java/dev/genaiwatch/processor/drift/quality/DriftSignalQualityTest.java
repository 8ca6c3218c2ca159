package dev.genaiwatch.processor.drift.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.drift.DriftSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A bounded run of the signal-quality harness ({@link DriftQualityReport} writes the full report)
 * against the targets, with default settings: at most one false alarm per 10,000 stationary calls
 * of a key, all features together, on every seed; every call-feature shift detected within 300
 * calls, and no alarm of a persisting shift ending. Seeds: one tuning, one validation and one
 * held-out seed.
 */
class DriftSignalQualityTest {
  private static final DriftSettings DEFAULTS = QualityRun.settings(Map.of());
  private static final List<Long> SEEDS = List.of(1L, 101L, 301L);

  @Test
  void stationaryTrafficRaisesAtMostOneFalseAlarmPer10000CallsOnEverySeed() {
    for (long seed : SEEDS) {
      SignalQuality.Stationary run = SignalQuality.stationary(DEFAULTS, seed);
      assertThat(run.per10k()).as("seed %d: %s", seed, run.alarms()).isLessThanOrEqualTo(1.0);
    }
  }

  @Test
  void everyCallFeatureShiftIsDetectedWithin300CallsAndStaysDetectedWhileItPersists() {
    for (Shift shift : Shift.values()) {
      if (!shift.callFeatureShift()) {
        continue;
      }
      for (long seed : SEEDS) {
        SignalQuality.Detection detection = SignalQuality.shift(DEFAULTS, seed, shift);
        assertThat(detection.delay()).as("%s seed %d", shift, seed).isBetween(1L, 300L);
        assertThat(detection.flaps()).as("%s seed %d", shift, seed).isZero();
      }
    }
  }

  @Test
  void anAlarmStatesWhatChangedInTheUsersUnits() {
    SignalQuality.Detection tokens = SignalQuality.shift(DEFAULTS, 1, Shift.INPUT_TOKENS_X1_5);
    assertThat(tokens.effect())
        .matches("input_tokens p50 \\d+ → \\d+ \\(\\+\\d+ %\\), over \\d+ calls");
    SignalQuality.Detection ttft = SignalQuality.shift(DEFAULTS, 1, Shift.TTFT_X2);
    assertThat(ttft.effect())
        .matches("time_to_first_chunk p50 [0-9.]+ s → [0-9.]+ s \\(\\+\\d+ %\\), over \\d+ calls");
    SignalQuality.Detection finish = SignalQuality.shift(DEFAULTS, 1, Shift.FINISH_LENGTH_5_TO_25);
    assertThat(finish.effect())
        .matches("finish_reason=\\w+ [0-9.]+ % → [0-9.]+ %, over \\d+ calls");
  }

  @Test
  void noAlarmWhileTheKeyIsStillLearningItsReference() {
    DriftSettings settings = QualityRun.settings(Map.of("drift.reference.size", "2000"));
    List<QualityRun.Alarm> alarms =
        QualityRun.run(settings, new SyntheticTraffic(3, Shift.INPUT_TOKENS_X1_5, 500), 2000);
    assertThat(alarms).isEmpty();
  }

  /**
   * The prompts' words are sketched on every call, so a topic or language shift is found within a
   * block of calls whatever the load, with the embeddings off; the effect names the new words.
   */
  @Test
  void topicAndLanguageShiftsAreAlarmedByThePromptsWordsWithin100CallsAndStayAlarmed() {
    for (Shift shift : List.of(Shift.TOPIC, Shift.LANGUAGE)) {
      for (long seed : SEEDS) {
        SignalQuality.Detection detection = SignalQuality.shift(DEFAULTS, seed, shift);
        assertThat(detection.byFeature())
            .as("%s seed %d", shift, seed)
            .containsKey("prompt_lexical");
        SignalQuality.FirstAlarm lexical = detection.byFeature().get("prompt_lexical");
        assertThat(lexical.delay()).as("%s seed %d", shift, seed).isBetween(1L, 100L);
        assertThat(lexical.effect())
            .matches(
                "prompt_lexical p50 [0-9.]+ → [0-9.]+ \\([+-]\\d+ %\\), over \\d+ calls; recent"
                    + " prompts' centroid at distance [0-9.]+ from the reference's, top new terms:"
                    + " .+");
        assertThat(detection.flaps()).as("%s seed %d", shift, seed).isZero();
      }
    }
  }

  /**
   * The embedder keeps up here (each block's sample is embedded before the next call), so this
   * checks the design, not the host's speed: blocks of 100 calls, 16 texts sampled from each, two
   * drifting blocks in a row. How long embedding takes at 1,000 calls/s is in the report.
   */
  @Test
  void topicAndLanguageShiftsAreDetectedByThePromptEmbeddingWithin500CallsOfSampledBlocks() {
    DriftSettings settings = EmbeddingAtLoad.settings();
    List<EmbeddingAtLoad.Counts> counts = new ArrayList<>();
    for (Shift shift : List.of(Shift.TOPIC, Shift.LANGUAGE)) {
      SignalQuality.Detection detection = EmbeddingAtLoad.shift(settings, 1, shift, 0, counts);
      assertThat(detection.byFeature()).as("%s", shift).containsKey("prompt_embedding");
      assertThat(detection.byFeature().get("prompt_embedding").delay())
          .as("%s", shift)
          .isBetween(1L, 500L);
      assertThat(detection.flaps()).as("%s", shift).isZero();
    }
    assertThat(counts).allSatisfy(c -> assertThat(c.dropped()).isZero());
  }

  @Test
  void stationaryTrafficRaisesNoPromptEmbeddingAlarm() {
    SignalQuality.Stationary run =
        EmbeddingAtLoad.stationary(EmbeddingAtLoad.settings(), 2, 0, new ArrayList<>());
    assertThat(run.byFeature()).as("%s", run.alarms()).doesNotContainKey("prompt_embedding");
  }
}
