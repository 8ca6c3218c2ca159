package dev.genaiwatch.processor.drift;

import dev.genaiwatch.evaluation.GenAiMessages;
import dev.genaiwatch.processor.api.DriftApi;
import dev.genaiwatch.processor.pipeline.GenAiSpans;
import dev.genaiwatch.processor.pipeline.SpanEnricher;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drift detection over traffic windows. As a {@link SpanEnricher} it runs on the pipeline worker
 * for every GenAI call span: it extracts the call's features (cheap), adds the prompt's embedding
 * distance to its reference centroid when that prompt's embedding is already known, and hands
 * sampled texts to the embedding worker. Window comparisons of the call features run on their own
 * thread (the drift thread), on a snapshot, every M calls or T seconds; the embedding tests run on
 * the embedding thread after each embedded block; alarms are announced on a third thread, so an
 * announcement never waits behind either kind of test.
 */
public final class DriftMonitor implements SpanEnricher, DriftApi, AutoCloseable {
  public static final String EMBEDDING_DISTANCE = "genai_watch.drift.embedding_distance";
  private static final Logger LOG = Logger.getLogger(DriftMonitor.class.getName());

  private final DriftSettings settings;
  private final DriftMetrics metrics;
  private final Consumer<ResourceLogs> alarmSink;
  private final DriftStateStore storeOrNull;
  private final Map<DriftKey, KeyState> states = new ConcurrentHashMap<>();
  private final ScheduledThreadPoolExecutor evaluator;

  /**
   * Announces alarms (stdout line, log record) in the order they were decided. Its queue is
   * bounded: when {@value #MAX_PENDING_ANNOUNCEMENTS} announcements wait, the thread that decided
   * the next one announces it itself (ahead of those waiting), so none is lost and memory stays
   * bounded.
   */
  private final ThreadPoolExecutor announcer;

  static final int MAX_PENDING_ANNOUNCEMENTS = 1024;
  private final EmbeddingWorker embeddingsOrNull;
  private static final String INPUT_MESSAGES = "gen_ai.input.messages";
  private static final String OUTPUT_MESSAGES = "gen_ai.output.messages";
  private final PromptTemplates templates = new PromptTemplates();
  static final int MAX_PENDING_EVALUATIONS = 256;
  private final AtomicInteger pendingEvaluations = new AtomicInteger();
  private volatile AlarmContext alarmContext = AlarmContext.NONE;
  private static final long SAVE_EVERY_SECONDS = 5;
  private final AtomicBoolean unsaved = new AtomicBoolean();
  private final ScheduledThreadPoolExecutor saver;

  public DriftMonitor(
      DriftSettings settings,
      PrometheusRegistry registry,
      TextEmbedder embedderOrNull,
      Consumer<ResourceLogs> alarmSink,
      DriftStateStore storeOrNull) {
    this.settings = settings;
    this.metrics = new DriftMetrics(registry);
    this.alarmSink = alarmSink;
    this.storeOrNull = storeOrNull;
    if (storeOrNull != null) {
      for (KeyState state : storeOrNull.load()) {
        states.put(state.key, state);
        state.alarms.forEach(
            (feature, alarm) -> metrics.detected(state.key, feature, alarm.active));
      }
    }
    this.evaluator = new ScheduledThreadPoolExecutor(1, daemon("genai-watch-processor-drift"));
    this.announcer =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(MAX_PENDING_ANNOUNCEMENTS),
            daemon("genai-watch-processor-drift-alarms"),
            new ThreadPoolExecutor.CallerRunsPolicy());
    long period = Math.max(1, settings.evaluateEvery().toMillis());
    evaluator.scheduleWithFixedDelay(this::evaluateStale, period, period, TimeUnit.MILLISECONDS);
    this.saver =
        storeOrNull == null
            ? null
            : new ScheduledThreadPoolExecutor(1, daemon("genai-watch-processor-drift-state"));
    if (saver != null) {
      saver.scheduleWithFixedDelay(
          this::saveWhenChanged, SAVE_EVERY_SECONDS, SAVE_EVERY_SECONDS, TimeUnit.SECONDS);
    }
    this.embeddingsOrNull =
        settings.embeddingEnabled() && embedderOrNull != null
            ? new EmbeddingWorker(
                settings,
                embedderOrNull,
                registry,
                state -> apply(state, state.embeddingSnapshot()))
            : null;
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  @Override
  public void enrich(Resource resource, InstrumentationScope scope, Span.Builder span) {
    List<KeyValue> attributes = span.getAttributesList();
    if (!isModelCall(GenAiSpans.string(attributes, GenAiSpans.OPERATION_NAME))) {
      return;
    }
    GenAiMessages input = GenAiMessages.parseOrNull(GenAiSpans.string(attributes, INPUT_MESSAGES));
    String template = settings.templateKeys() ? templates.of(attributes, input) : "";
    DriftKey key =
        new DriftKey(
            orUnknown(GenAiSpans.string(resource.getAttributesList(), "service.name")),
            orUnknown(GenAiSpans.string(attributes, "gen_ai.request.model")),
            orUnknown(GenAiSpans.string(attributes, GenAiSpans.OPERATION_NAME)),
            template);
    KeyState state = stateFor(key);
    if (state == null) {
      return;
    }
    if (!template.isEmpty() && GenAiSpans.string(attributes, PromptTemplates.PROMPT_NAME) == null) {
      span.addAttributes(
          KeyValue.newBuilder()
              .setKey(DriftKey.TEMPLATE_ATTRIBUTE)
              .setValue(AnyValue.newBuilder().setStringValue(template)));
    }
    String prompt = input == null ? "" : input.text(null);
    if (embeddingsOrNull != null && !prompt.isEmpty()) {
      float[] known = embeddingsOrNull.cached(prompt);
      float[] centroid = state.referenceCentroid(EmbeddingFeature.PROMPT);
      if (known != null && centroid != null) {
        span.addAttributes(
            KeyValue.newBuilder()
                .setKey(EMBEDDING_DISTANCE)
                .setValue(
                    AnyValue.newBuilder()
                        .setDoubleValue(EmbeddingStatistics.cosineDistance(known, centroid))));
      }
    }
    CallFeatures features =
        CallFeatures.of(attributes, span.getStartTimeUnixNano(), span.getEndTimeUnixNano(), prompt);
    boolean due = state.add(features, prompt, settings);
    announceSequential(state);
    if (embeddingsOrNull != null) {
      sample(state, EmbeddingFeature.PROMPT, prompt);
      sample(
          state, EmbeddingFeature.OUTPUT, CallFeatures.messagesText(attributes, OUTPUT_MESSAGES));
    }
    if (due) {
      schedule(state);
    }
  }

  /**
   * Output-quality drift: the judge's scores of one rubric form their own key ({@code
   * service|model|evaluation. <rubric>}) whose only feature is {@code judge_score}, compared window
   * against reference like any other feature. Called from the evaluator's threads.
   */
  public void observeJudgeScore(
      String serviceName, String requestModel, String evaluationName, double score) {
    DriftKey key =
        new DriftKey(
            orUnknown(serviceName),
            orUnknown(requestModel),
            EVALUATION_OPERATION_PREFIX + orUnknown(evaluationName));
    KeyState state = stateFor(key);
    if (state == null) {
      return;
    }
    boolean due = state.add(CallFeatures.ofJudgeScore(score), settings);
    announceSequential(state);
    if (due) {
      schedule(state);
    }
  }

  /**
   * The sequential detectors decide on the call that completes the evidence (on the pipeline
   * worker, a few microseconds per call); the announcement itself goes out on the announcing
   * thread, so neither the pipeline nor the announcement waits for a window or embedding test.
   */
  private void announceSequential(KeyState state) {
    Boolean learning = state.learningChange();
    if (learning != null) {
      metrics.learning(state.key, learning);
    }
    for (KeyState.DriftEvent event : state.drainEvents()) {
      metrics.detected(state.key, event.feature(), event.started());
      // The window statistics of the last evaluation predate the call that decided; only the
      // detector's own
      // score (its CUSUM as a share of the threshold) describes this decision.
      Map<String, Double> scores = Map.of("cusum", event.progress());
      announce(
          state.key,
          event.feature(),
          event.started(),
          event.call(),
          scores,
          event.effect(),
          event.onsetEpochMillis());
    }
  }

  /**
   * The key's state, created on first use; null (counted) when {@code drift.max.keys} are already
   * tracked.
   */
  private KeyState stateFor(DriftKey key) {
    KeyState state = states.get(key);
    if (state == null) {
      if (states.size() >= settings.maxKeys() && !evictIdleKey()) {
        metrics.keyRefused();
        return null;
      }
      state = states.computeIfAbsent(key, KeyState::new);
    }
    return state;
  }

  /**
   * Makes room for a new key by forgetting the least recently seen one, if it has been idle for at
   * least {@code drift.key.idle.seconds} (counted); a key that is still receiving traffic is never
   * evicted.
   */
  private synchronized boolean evictIdleKey() {
    if (states.size() < settings.maxKeys()) {
      return true;
    }
    KeyState oldest = null;
    for (KeyState candidate : states.values()) {
      if (oldest == null || candidate.lastSeenNanos < oldest.lastSeenNanos) {
        oldest = candidate;
      }
    }
    if (oldest == null || System.nanoTime() - oldest.lastSeenNanos < settings.keyIdle().toNanos()) {
      return false;
    }
    states.remove(oldest.key);
    metrics.keyEvicted(oldest.key);
    return true;
  }

  /** Adds what the model servers did to every alarm that starts from now on. */
  public void setAlarmContext(AlarmContext context) {
    this.alarmContext = context;
  }

  /** Operation part of the drift keys that hold judge scores. */
  public static final String EVALUATION_OPERATION_PREFIX = "evaluation.";

  /** Offers the text to the key's reservoir, and hands a completed block to the embedder. */
  private void sample(KeyState state, EmbeddingFeature feature, String text) {
    if (text.isEmpty()) {
      return;
    }
    TextReservoir.Block block = state.sample(feature, text, settings);
    if (block != null) {
      embeddingsOrNull.submit(state, feature, block);
    }
  }

  private static String orUnknown(String value) {
    return value == null || value.isEmpty() ? "unknown" : value;
  }

  /**
   * Queues an evaluation of the windows as they are now: every M calls of a key are one evaluation,
   * however the calls were batched on the way in, so alarms do not depend on export batching. When
   * the drift thread is {@value #MAX_PENDING_EVALUATIONS} evaluations behind, the due one is
   * deferred (counted) rather than queued: its calls stay in the windows and the next due
   * evaluation covers them, so memory stays bounded under overload.
   */
  private void schedule(KeyState state) {
    if (pendingEvaluations.incrementAndGet() > MAX_PENDING_EVALUATIONS) {
      pendingEvaluations.decrementAndGet();
      metrics.evaluationDeferred();
      return;
    }
    KeyState.Snapshot snapshot = state.callSnapshot();
    try {
      evaluator.execute(
          () -> {
            pendingEvaluations.decrementAndGet();
            apply(state, snapshot);
          });
    } catch (RejectedExecutionException e) {
      // Shutting down: the state is persisted as it is.
    }
  }

  /**
   * On the timer: keys whose windows changed since their last evaluation are evaluated, and the
   * texts sampled from blocks a quiet key has not filled yet go to the embedder.
   */
  private void evaluateStale() {
    for (KeyState state : states.values()) {
      if (embeddingsOrNull != null) {
        state
            .flushSamples()
            .forEach((feature, block) -> embeddingsOrNull.submit(state, feature, block));
      }
      if (state.hasNewCalls()) {
        apply(state, state.callSnapshot());
      }
    }
  }

  private void apply(KeyState state, KeyState.Snapshot snapshot) {
    try {
      List<FeatureResult> results = WindowComparison.compare(snapshot, settings);
      boolean applied = false;
      for (FeatureResult result : results) {
        boolean embedding = result.feature().endsWith("_embedding");
        if (embedding ? !snapshot.newEmbeddings() : !snapshot.newCalls()) {
          continue;
        }
        applied = true;
        FeatureAlarm.Change change = FeatureAlarm.Change.NONE;
        String effect = null;
        boolean active;
        synchronized (state) {
          FeatureWatch watch = state.watches.get(result.feature());
          if (watch != null) {
            result.scores().put("cusum", watch.progress());
          }
          state.lastScores.put(result.feature(), result.scores());
          Double headline =
              result.scores().get(DriftView.headline(result.feature(), settings).name());
          if (headline != null) {
            state.history.record(result.feature(), snapshot.calls(), headline);
          }
          FeatureAlarm alarm =
              state.alarms.computeIfAbsent(result.feature(), f -> new FeatureAlarm());
          // Call features are decided call by call by the sequential detectors, unless the window
          // rule was asked for. An embedding alarm is dated at the last call of the block its
          // sample came from: how long the embedding took does not move it.
          if (embedding) {
            change =
                alarm.record(
                    result.drifting(),
                    settings.embeddingConsecutive(),
                    snapshot.embeddedThroughCall());
          } else if (settings.windowRule()) {
            change = alarm.record(result.drifting(), settings.consecutive(), snapshot.calls());
          }
          if (change != FeatureAlarm.Change.NONE) {
            effect = WindowComparison.effect(result, snapshot);
            alarm.effect = effect;
            state.history.alarm(
                result.feature(),
                change == FeatureAlarm.Change.STARTED,
                embedding ? snapshot.embeddedThroughCall() : snapshot.calls(),
                effect);
          }
          active = alarm.active;
        }
        result
            .scores()
            .forEach((method, value) -> metrics.score(state.key, result.feature(), method, value));
        metrics.detected(state.key, result.feature(), active);
        if (change != FeatureAlarm.Change.NONE) {
          announce(
              state.key,
              result.feature(),
              change == FeatureAlarm.Change.STARTED,
              embedding ? snapshot.embeddedThroughCall() : snapshot.calls(),
              result.scores(),
              effect,
              0);
        }
      }
      if (applied) {
        synchronized (state) {
          state.evaluations++;
        }
        metrics.evaluated(state.key);
        unsaved.set(true);
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "[genai-watch-processor] drift evaluation failed for " + state.key.id(),
          e);
    }
  }

  /**
   * Announces an alarm that started or ended, on the announcing thread (see {@link #announcer});
   * once that is shut down, the announcement is discarded and the alarm state persisted as it is.
   */
  private void announce(
      DriftKey key,
      String feature,
      boolean started,
      long calls,
      Map<String, Double> scores,
      String effectOrNull,
      long onsetEpochMillis) {
    announcer.execute(
        () -> {
          long now = System.currentTimeMillis();
          String server = started ? alarmContext.describe(feature, onsetEpochMillis, now) : null;
          KeyState state = states.get(key);
          if (started && state != null) {
            synchronized (state) {
              FeatureAlarm alarm = state.alarms.get(feature);
              if (alarm != null) {
                alarm.server = server;
              }
            }
          }
          System.out.println(
              DriftAlarmLog.describe(key, feature, started, calls, scores, effectOrNull, server));
          alarmSink.accept(
              DriftAlarmLog.of(
                  key, feature, started, calls, scores, effectOrNull, server, now * 1_000_000L));
        });
  }

  /**
   * On the state thread, every {@value #SAVE_EVERY_SECONDS} s when an evaluation changed something:
   * writing the file (fsync included) never holds up the drift thread's evaluations; each key is
   * copied under its own lock, one at a time, so the pipeline waits at most for one key's copy.
   */
  private void saveWhenChanged() {
    if (unsaved.getAndSet(false)) {
      storeOrNull.save(states.values());
    }
  }

  /**
   * Drift watches what goes to and comes from models. Tool executions ({@code execute_tool}), agent
   * invocations and the like also name a GenAI operation, but have no model, tokens or prompt to
   * compare.
   */
  static boolean isModelCall(String operation) {
    return operation != null
        && switch (operation) {
          case "chat", "text_completion", "generate_content", "embeddings" -> true;
          default -> false;
        };
  }

  @Override
  public List<Map<String, Object>> state() {
    return DriftView.of(states.values(), settings);
  }

  @Override
  public boolean pinBaseline(String keyId) {
    for (KeyState state : states.values()) {
      if (state.key.id().equals(keyId)) {
        state.pinBaseline(settings);
        synchronized (state) {
          state.alarms.forEach(
              (feature, alarm) -> metrics.detected(state.key, feature, alarm.active));
        }
        if (storeOrNull != null) {
          storeOrNull.save(states.values());
        }
        return true;
      }
    }
    return false;
  }

  /** Stops the embedding and evaluation threads and persists the windows. */
  @Override
  public void close() {
    if (embeddingsOrNull != null) {
      embeddingsOrNull.close();
    }
    evaluator.shutdown();
    awaitStopped(evaluator);
    announcer.shutdown();
    awaitStopped(announcer);
    if (saver != null) {
      saver.shutdownNow();
      awaitStopped(saver);
    }
    if (storeOrNull != null) {
      storeOrNull.save(states.values());
    }
  }

  private static void awaitStopped(ThreadPoolExecutor executor) {
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
