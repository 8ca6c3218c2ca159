package dev.genaiwatch.processor.ui;

import dev.genaiwatch.evaluation.EvaluationScore;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last {@code capacity} judge scores, for the page's score distributions; bounded, in memory.
 */
public final class RecentScores implements Consumer<EvaluationScore> {
  private final int capacity;
  private final ArrayDeque<EvaluationScore> scores = new ArrayDeque<>();

  public RecentScores(int capacity) {
    this.capacity = Math.max(1, capacity);
  }

  @Override
  public synchronized void accept(EvaluationScore score) {
    scores.addLast(score);
    if (scores.size() > capacity) {
      scores.removeFirst();
    }
  }

  public synchronized List<EvaluationScore> all() {
    return List.copyOf(scores);
  }
}
