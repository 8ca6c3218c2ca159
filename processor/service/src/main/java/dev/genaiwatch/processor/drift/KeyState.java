package dev.genaiwatch.processor.drift;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows of one drift key: the reference (the first calls, or a pinned copy of the current window) and the
 * sliding current window, for call features and for each embedded text. Guarded by its own monitor.
 */
final class KeyState {
  final DriftKey key;
  final List<CallFeatures> reference = new ArrayList<>();
  final ArrayDeque<CallFeatures> current = new ArrayDeque<>();
  final Map<EmbeddingFeature, List<float[]>> embeddingReference = new EnumMap<>(EmbeddingFeature.class);
  final Map<EmbeddingFeature, ArrayDeque<float[]>> embeddingCurrent = new EnumMap<>(EmbeddingFeature.class);
  final Map<EmbeddingFeature, float[]> referenceCentroid = new EnumMap<>(EmbeddingFeature.class);
  final Map<String, FeatureAlarm> alarms = new LinkedHashMap<>();
  final Map<String, Map<String, Double>> lastScores = new LinkedHashMap<>();
  long calls;
  long callsSinceEvaluation;
  long embeddingsSinceEvaluation;
  long evaluations;
  boolean pinned;

  KeyState(DriftKey key) {
    this.key = key;
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      embeddingReference.put(feature, new ArrayList<>());
      embeddingCurrent.put(feature, new ArrayDeque<>());
    }
  }

  /** @return true when an evaluation is due by call count */
  synchronized boolean add(CallFeatures features, DriftSettings settings) {
    calls++;
    if (!pinned && reference.size() < settings.referenceSize()) {
      reference.add(features);
      return false;
    }
    current.addLast(features);
    if (current.size() > settings.windowSize()) {
      current.removeFirst();
    }
    callsSinceEvaluation++;
    return callsSinceEvaluation >= settings.evaluateEveryCalls();
  }

  synchronized void addEmbedding(EmbeddingFeature feature, float[] vector, DriftSettings settings) {
    List<float[]> ref = embeddingReference.get(feature);
    if (!pinned && ref.size() < settings.embeddingReferenceSize()) {
      ref.add(vector);
      if (ref.size() == settings.embeddingReferenceSize()) {
        referenceCentroid.put(feature, EmbeddingStatistics.centroid(ref));
      }
      return;
    }
    ArrayDeque<float[]> window = embeddingCurrent.get(feature);
    window.addLast(vector);
    if (window.size() > settings.embeddingWindowSize()) {
      window.removeFirst();
    }
    embeddingsSinceEvaluation++;
  }

  synchronized float[] referenceCentroid(EmbeddingFeature feature) {
    return referenceCentroid.get(feature);
  }

  /** A copy of the windows to evaluate outside the lock; resets the due counters. */
  synchronized Snapshot snapshot() {
    Map<EmbeddingFeature, List<float[]>> embRef = new EnumMap<>(EmbeddingFeature.class);
    Map<EmbeddingFeature, List<float[]>> embCur = new EnumMap<>(EmbeddingFeature.class);
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      embRef.put(feature, List.copyOf(embeddingReference.get(feature)));
      embCur.put(feature, List.copyOf(embeddingCurrent.get(feature)));
    }
    boolean newEmbeddings = embeddingsSinceEvaluation > 0;
    boolean newCalls = callsSinceEvaluation > 0;
    callsSinceEvaluation = 0;
    embeddingsSinceEvaluation = 0;
    return new Snapshot(List.copyOf(reference), List.copyOf(current), embRef, embCur, calls, newCalls, newEmbeddings);
  }

  synchronized boolean hasNewData() {
    return callsSinceEvaluation > 0 || embeddingsSinceEvaluation > 0;
  }

  /** The current windows become the reference; alarms start over against it. */
  synchronized void pinBaseline() {
    reference.clear();
    reference.addAll(current);
    current.clear();
    for (EmbeddingFeature feature : EmbeddingFeature.values()) {
      List<float[]> ref = embeddingReference.get(feature);
      ref.clear();
      ref.addAll(embeddingCurrent.get(feature));
      embeddingCurrent.get(feature).clear();
      if (ref.isEmpty()) {
        referenceCentroid.remove(feature);
      } else {
        referenceCentroid.put(feature, EmbeddingStatistics.centroid(ref));
      }
    }
    pinned = true;
    callsSinceEvaluation = 0;
    embeddingsSinceEvaluation = 0;
  }

  record Snapshot(List<CallFeatures> reference, List<CallFeatures> current,
      Map<EmbeddingFeature, List<float[]>> embeddingReference, Map<EmbeddingFeature, List<float[]>> embeddingCurrent,
      long calls, boolean newCalls, boolean newEmbeddings) {}
}
