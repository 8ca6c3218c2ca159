package dev.genaiwatch.processor.ui;

import dev.genaiwatch.processor.forward.RecentCalls;
import java.util.List;
import java.util.Map;

/**
 * What the processor's page reads besides {@code /api/drift} and {@code /api/calls}: the overview,
 * the evaluations and the page's settings, all computed on request from the bounded recent-calls
 * and recent-scores buffers; and the page's static files.
 */
public final class UiApi {
  private final RecentCalls calls;
  private final RecentScores scores;
  private final UiSettings settings;
  private final UiFiles files = new UiFiles();

  public UiApi(RecentCalls calls, RecentScores scores, UiSettings settings) {
    this.calls = calls;
    this.scores = scores;
    this.settings = settings;
  }

  public Map<String, Object> overview() {
    return CallOverview.of(calls.latest(Integer.MAX_VALUE));
  }

  public Map<String, Object> evaluations() {
    return EvaluationSummary.of(scores.all(), calls.latest(Integer.MAX_VALUE));
  }

  /** {@code GET /api/ui}: the trace link template (empty: none). */
  public Map<String, Object> settings() {
    return Map.of("traceUrl", settings.traceUrl(), "traceIdPlaceholder", UiSettings.TRACE_ID);
  }

  public UiFiles files() {
    return files;
  }

  /** The recent calls' JSON, newest first, for the report. */
  List<Map<String, Object>> recentCalls(int limit) {
    return calls.latest(limit);
  }
}
