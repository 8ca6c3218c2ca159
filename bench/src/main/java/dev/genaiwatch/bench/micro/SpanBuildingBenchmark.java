package dev.genaiwatch.bench.micro;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What one non-streamed call costs genai-watch on the calling thread: {@link GenAiInstrumenter}
 * start and end (span with the contract's attributes, metric points, content capture), against the
 * cheapest possible span from the same SDK as the baseline.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SpanBuildingBenchmark {
  private CaptureOnAndOff instrumenters;
  private Tracer tracer;

  @Setup
  public void setUp() {
    instrumenters = new CaptureOnAndOff();
    tracer = instrumenters.sdk.getTracer("bench");
  }

  @TearDown
  public void tearDown() {
    instrumenters.close();
  }

  /** Baseline: a client span with a name and nothing else. */
  @Benchmark
  public Span bareSdkSpan() {
    Span span =
        tracer.spanBuilder("chat qwen2.5-7b-instruct").setSpanKind(SpanKind.CLIENT).startSpan();
    span.end();
    return span;
  }

  @Benchmark
  public ActiveLlmCall genAiCallContentOff() {
    return call(instrumenters.captureOff);
  }

  @Benchmark
  public ActiveLlmCall genAiCallContentOn() {
    return call(instrumenters.captureOn);
  }

  private static ActiveLlmCall call(GenAiInstrumenter instrumenter) {
    LlmCall call = CallFixtures.request(false);
    ActiveLlmCall active = instrumenter.start(call);
    CallFixtures.respond(call);
    active.end();
    return active;
  }
}
