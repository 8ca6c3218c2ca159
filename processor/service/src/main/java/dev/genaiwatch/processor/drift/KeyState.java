package dev.genaiwatch.processor.drift;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The windows of one drift key: the reference (learnt from the first {@code drift.reference.size}
 * calls, refreshed every {@code drift.reference.refresh.calls} calls from traffic seen while no
 * alarm was active, or pinned from the current window) kept as a compact {@link ReferenceProfile},
 * the sliding current window, the sequential detectors of the call features, and the embedding
 * windows. Guarded by its own monitor.
 */
final class KeyState {
  final DriftKey key;

  /**
   * Calls of the reference being learnt (at start, and while a refresh collects healthy traffic);
   * else null.
   */
  CallBuffer learning = new CallBuffer(256);

  ReferenceProfile reference;
  long referenceBuiltAtCall;
  final ArrayDeque<CallFeatures> current = new ArrayDeque<>();
  final Map<EmbeddingFeature, List<EmbeddingCode>> embeddingReference =
      new EnumMap<>(EmbeddingFeature.class);
  final Map<EmbeddingFeature, ArrayDeque<EmbeddingCode>> embeddingCurrent =
      new EnumMap<>(EmbeddingFeature.class);
  final Map<EmbeddingFeature, float[]> referenceCentroid = new EnumMap<>(EmbeddingFeature.class);
  final Map<EmbeddingFeature, Double> chanceCentroidDistance =
      new EnumMap<>(EmbeddingFeature.class);
  final Map<String, FeatureAlarm> alarms = new LinkedHashMap<>();
  final Map<String, Map<String, Double>> lastScores = new LinkedHashMap<>();
  final Map<String, FeatureWatch> watches = new LinkedHashMap<>();
  private final List<DriftEvent> events = new ArrayList<>();
  final DriftHistory history = new DriftHistory();
  private final SplittableRandom random;
  private final SplittableRandom sampling;
  final Map<EmbeddingFeature, TextReservoir> reservoirs = new EnumMap<>(EmbeddingFeature.class);
  LexicalReference lexical = new LexicalReference();

  /**
   * The lexical effect looks at the last one to two blocks of a tenth of the window: at an alarm,
   * which comes a few dozen calls into a topic change, mostly the changed prompts.
   */
  private static final int RECENT_TEXT_BLOCKS = 10;

  /** The key's call count at the last text of the newest embedded block. */
  long embeddedThroughCall;

  long calls;
  long callsSinceEvaluation;
  long embeddingsSinceEvaluation;
  long evaluations;
  long lastSeenNanos = System.nanoTime();
  boolean pinned;

  /** An alarm of the sequential detectors that started or ended on a call. */
  /** {@code onsetEpochMillis}: where a started alarm's evidence begins; 0 when not known. */
  record DriftEvent(
      String feature,
      String group,
      boolean started,
      long call,
      String effect,
      double progress,
      long onsetEpochMillis) {}

  KeyState(DriftKey key) {
    this.key = key;
    // Seeded by the key, so the same traffic always gives the same alarms.
    this.random = new SplittableRandom(key.id().hashCode() * 0x9E3779B97F4A7C15L);
    // Its own generator, so that sampling texts never changes the call features' detectors.
    this.sampling = random.split();
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      embeddingReference.put(feature, new ArrayList<>());
      embeddingCurrent.put(feature, new ArrayDeque<>());
    }
  }

  /**
   * @return true when an evaluation is due by call count
   */
  synchronized boolean add(CallFeatures features, DriftSettings settings) {
    return add(features, "", settings);
  }

  /**
   * Like {@link #add(CallFeatures, DriftSettings)}, for a call whose prompt is {@code prompt}
   * (empty when not captured): its {@code prompt_lexical} distance is filled in first. The first
   * half of the reference's prompts make the lexical centroid, the second half give the distances
   * the reference's quantiles are learnt from.
   */
  synchronized boolean add(CallFeatures features, String prompt, DriftSettings settings) {
    if (!prompt.isEmpty()) {
      features.numeric()[NumericFeature.PROMPT_LEXICAL.ordinal()] =
          lexical.observe(
              prompt,
              Math.max(1, settings.referenceSize() / 2),
              Math.max(1, settings.windowSize() / RECENT_TEXT_BLOCKS));
    }
    calls++;
    lastSeenNanos = System.nanoTime();
    if (reference == null) {
      learning.add(features);
      if (learning.size() >= settings.referenceSize()) {
        useReference(ReferenceProfile.of(learning), settings);
      }
      return false;
    }
    current.addLast(features);
    if (current.size() > settings.windowSize()) {
      current.removeFirst();
    }
    long nowMillis = System.currentTimeMillis();
    for (FeatureWatch watch : watches.values()) {
      FeatureWatch.Change change =
          watch.observe(features, calls, nowMillis, random, Math.max(1, settings.windowSize()));
      if (change != FeatureWatch.Change.NONE) {
        boolean started = change == FeatureWatch.Change.STARTED;
        String effect =
            started
                ? effect(watch, watch.active, watch.since[watch.active])
                : effect(watch, watch.endedSide, -1);
        FeatureAlarm alarm = alarms.computeIfAbsent(watch.feature, f -> new FeatureAlarm());
        alarm.active = started;
        alarm.startedAtCall = started ? calls : alarm.startedAtCall;
        alarm.effect = effect;
        events.add(
            new DriftEvent(
                watch.feature,
                watch.group,
                started,
                calls,
                effect,
                watch.progress(),
                started ? watch.sinceMillis[watch.active] : 0));
        history.alarm(watch.feature, started, calls, effect);
      }
    }
    if (pinned && learning != null) {
      // A pinned window smaller than drift.reference.size keeps growing into a full reference from
      // the calls after it.
      learning.add(features);
      if (learning.size() >= settings.referenceSize()) {
        useReference(ReferenceProfile.of(learning), settings);
      }
    } else {
      refreshWhenDue(features, settings);
    }
    callsSinceEvaluation++;
    return callsSinceEvaluation >= settings.evaluateEveryCalls();
  }

  /**
   * A scheduled refresh collects a new reference from the calls after it is due, but only while no
   * alarm of the key is active: a shift that is still alarming never becomes the new normal by
   * itself (pin it to accept it).
   */
  private void refreshWhenDue(CallFeatures features, DriftSettings settings) {
    if (pinned
        || settings.referenceRefreshCalls() <= 0
        || calls - referenceBuiltAtCall < settings.referenceRefreshCalls()) {
      return;
    }
    if (alarms.values().stream().anyMatch(a -> a.active)
        || watches.values().stream().anyMatch(w -> w.active >= 0)) {
      learning = null;
      return;
    }
    if (learning == null) {
      learning = new CallBuffer(256);
    }
    learning.add(features);
    if (learning.size() >= settings.referenceSize()) {
      useReference(ReferenceProfile.of(learning), settings);
    }
  }

  /** Makes {@code profile} the reference: the sequential detectors start over against it. */
  void useReference(ReferenceProfile profile, DriftSettings settings) {
    reference = profile;
    referenceBuiltAtCall = calls;
    learning = null;
    watches.clear();
    if (!settings.windowRule()) {
      for (FeatureWatch watch : FeatureWatch.build(profile, settings)) {
        watch.reset(calls + 1);
        watches.put(watch.feature, watch);
      }
    }
  }

  /**
   * The effect of side {@code side} since the change point after call {@code sinceCall} (the whole
   * current window when that is -1).
   */
  private String effect(FeatureWatch watch, int side, long sinceCall) {
    long first = calls - current.size() + 1;
    List<CallFeatures> recent = new ArrayList<>();
    long index = first;
    for (CallFeatures call : current) {
      if (index >= sinceCall) {
        recent.add(call);
      }
      index++;
    }
    if (sinceCall >= 0 && !recent.isEmpty()) {
      recent = recent.subList(watch.changePoint(recent, side), recent.size());
    }
    if (watch.numeric != null) {
      double[] values =
          recent.stream()
              .mapToDouble(c -> c.value(watch.numeric))
              .filter(v -> !Double.isNaN(v))
              .toArray();
      String effect = Effect.numeric(watch.numeric, reference.median(watch.numeric), values);
      return watch.numeric == NumericFeature.PROMPT_LEXICAL
          ? effect + "; " + lexical.describe()
          : effect;
    }
    List<String> categories = recent.stream().map(c -> c.category(watch.categorical)).toList();
    String category = watch.sideCategory[Math.max(0, side)];
    if (category == null) {
      Set<String> known = new HashSet<>(reference.counts(watch.categorical).keySet());
      return Effect.unseen(watch.categorical, categories, known);
    }
    return Effect.categorical(
        watch.categorical, category, reference.share(watch.categorical, category), categories);
  }

  synchronized List<DriftEvent> drainEvents() {
    if (events.isEmpty()) {
      return List.of();
    }
    List<DriftEvent> out = List.copyOf(events);
    events.clear();
    return out;
  }

  synchronized boolean learning() {
    return reference == null;
  }

  private Boolean learningReported;

  /**
   * Whether the key is learning, when that changed since the last call (for the learning gauge);
   * else null.
   */
  synchronized Boolean learningChange() {
    boolean now = reference == null;
    if (learningReported != null && learningReported == now) {
      return null;
    }
    learningReported = now;
    return now;
  }

  synchronized int learnt() {
    return reference == null ? (learning == null ? 0 : learning.size()) : reference.calls;
  }

  /**
   * Offers a call's text to the feature's reservoir; returns the sample of the block it completes
   * (to embed), else null.
   */
  synchronized TextReservoir.Block sample(
      EmbeddingFeature feature, String text, DriftSettings settings) {
    return reservoirs
        .computeIfAbsent(feature, f -> new TextReservoir(settings.embeddingSamplePerBlock()))
        .offer(text, calls, settings.embeddingBlockCalls(), sampling);
  }

  /** The samples of blocks that have not filled: a quiet key's texts, on the timer. */
  synchronized Map<EmbeddingFeature, TextReservoir.Block> flushSamples() {
    Map<EmbeddingFeature, TextReservoir.Block> blocks = new EnumMap<>(EmbeddingFeature.class);
    reservoirs.forEach(
        (feature, reservoir) -> {
          TextReservoir.Block block = reservoir.flush(calls);
          if (block != null) {
            blocks.put(feature, block);
          }
        });
    return blocks;
  }

  /**
   * The embedded sample of one block, each vector coded ({@link EmbeddingCode}): it first completes
   * the embedding reference, the rest becomes the current embedding window (the newest {@code
   * drift.embedding.window.size} vectors).
   */
  synchronized void addEmbeddings(
      EmbeddingFeature feature, List<float[]> vectors, long lastCall, DriftSettings settings) {
    List<EmbeddingCode> ref = embeddingReference.get(feature);
    ArrayDeque<EmbeddingCode> window = embeddingCurrent.get(feature);
    for (float[] embedding : vectors) {
      EmbeddingCode vector = EmbeddingCode.of(embedding);
      if (!pinned && ref.size() < settings.embeddingReferenceSize()) {
        ref.add(vector);
        if (ref.size() == settings.embeddingReferenceSize()) {
          embeddingReferenceComplete(feature, settings);
        }
        continue;
      }
      window.addLast(vector);
      if (window.size() > settings.embeddingWindowSize()) {
        window.removeFirst();
      }
      embeddingsSinceEvaluation++;
    }
    embeddedThroughCall = Math.max(embeddedThroughCall, lastCall);
  }

  /**
   * The reference's centroid, and the centroid distance a window of its size shows by chance
   * against it (99th percentile of 500 seeded draws from the reference itself).
   */
  void embeddingReferenceComplete(EmbeddingFeature feature, DriftSettings settings) {
    List<float[]> ref = vectors(embeddingReference.get(feature));
    referenceCentroid.put(feature, EmbeddingStatistics.centroid(ref));
    chanceCentroidDistance.put(
        feature,
        EmbeddingStatistics.chanceCentroidDistance(
            ref, settings.embeddingWindowSize(), 500, 0.99, WindowComparison.MMD_SEED));
  }

  synchronized float[] referenceCentroid(EmbeddingFeature feature) {
    return referenceCentroid.get(feature);
  }

  private static List<float[]> vectors(Collection<EmbeddingCode> codes) {
    List<float[]> vectors = new ArrayList<>(codes.size());
    for (EmbeddingCode code : codes) {
      vectors.add(code.vector());
    }
    return vectors;
  }

  /**
   * A copy of the call windows to evaluate outside the lock (on the drift thread); resets their due
   * counter. The embedding windows are left alone: they are evaluated on the embedding thread.
   */
  synchronized Snapshot callSnapshot() {
    boolean newCalls = callsSinceEvaluation > 0;
    callsSinceEvaluation = 0;
    return new Snapshot(
        reference,
        List.copyOf(current),
        Map.of(),
        Map.of(),
        Map.of(),
        calls,
        embeddedThroughCall,
        newCalls,
        false);
  }

  /**
   * A copy of the embedding windows, decoded, to evaluate outside the lock (on the embedding
   * thread, right after a block was added); resets their due counter and leaves the call features
   * alone, so those are evaluated exactly every {@code M} calls whatever the embedding thread's
   * timing.
   */
  synchronized Snapshot embeddingSnapshot() {
    Map<EmbeddingFeature, List<float[]>> embRef = new EnumMap<>(EmbeddingFeature.class);
    Map<EmbeddingFeature, List<float[]>> embCur = new EnumMap<>(EmbeddingFeature.class);
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      embRef.put(feature, vectors(embeddingReference.get(feature)));
      embCur.put(feature, vectors(embeddingCurrent.get(feature)));
    }
    boolean newEmbeddings = embeddingsSinceEvaluation > 0;
    embeddingsSinceEvaluation = 0;
    return new Snapshot(
        reference,
        List.of(),
        embRef,
        embCur,
        new EnumMap<>(chanceCentroidDistance),
        calls,
        embeddedThroughCall,
        false,
        newEmbeddings);
  }

  synchronized boolean hasNewCalls() {
    return callsSinceEvaluation > 0;
  }

  /**
   * The current window (or, while still learning, what was learnt so far) becomes the reference at
   * once; alarms start over against it and no scheduled refresh replaces it. When it is smaller
   * than {@code drift.reference.size}, the calls that follow are added to it until it is that large
   * (the detectors then restart against the full reference).
   */
  synchronized void pinBaseline(DriftSettings settings) {
    CallBuffer calls = current.isEmpty() && learning != null ? learning : CallBuffer.of(current);
    useReference(ReferenceProfile.of(calls), settings);
    if (calls.size() < settings.referenceSize()) {
      learning = calls;
    }
    current.clear();
    if (!settings.windowRule()) {
      alarms.values().forEach(alarm -> alarm.active = false);
    }
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      List<EmbeddingCode> ref = embeddingReference.get(feature);
      ref.clear();
      ref.addAll(embeddingCurrent.get(feature));
      embeddingCurrent.get(feature).clear();
      if (ref.isEmpty()) {
        referenceCentroid.remove(feature);
        chanceCentroidDistance.remove(feature);
      } else {
        embeddingReferenceComplete(feature, settings);
      }
    }
    pinned = true;
    callsSinceEvaluation = 0;
    embeddingsSinceEvaluation = 0;
  }

  /**
   * {@code reference} is null while the key is still learning; {@code embeddedThroughCall} is the
   * call whose block the newest embeddings sampled (an embedding alarm is dated there, however long
   * the embedding took).
   */
  record Snapshot(
      ReferenceProfile reference,
      List<CallFeatures> current,
      Map<EmbeddingFeature, List<float[]>> embeddingReference,
      Map<EmbeddingFeature, List<float[]>> embeddingCurrent,
      Map<EmbeddingFeature, Double> chanceCentroidDistance,
      long calls,
      long embeddedThroughCall,
      boolean newCalls,
      boolean newEmbeddings) {}
}
