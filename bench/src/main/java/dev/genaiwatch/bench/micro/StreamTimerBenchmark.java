package dev.genaiwatch.bench.micro;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.StreamTimer;
import dev.genaiwatch.core.model.LlmCall;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Per-chunk cost of a stream of {@value #CHUNKS} chunks: the timer alone, and what the stream
 * wrappers do per chunk ({@link ActiveLlmCall#onChunk} plus appending the delta to the bounded
 * output), each against reading the clock once per chunk, which any per-chunk timing needs. Scores
 * are per chunk; the span's start and end are included in the second, amortised over the stream, as
 * in a real streamed call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StreamTimerBenchmark {
  static final int CHUNKS = 200;
  private static final String DELTA = " lighthouse";

  private CaptureOnAndOff instrumenters;

  @Setup
  public void setUp() {
    instrumenters = new CaptureOnAndOff();
  }

  @TearDown
  public void tearDown() {
    instrumenters.close();
  }

  /** Baseline: one clock read per chunk. */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public long clockPerChunk() {
    long sum = 0;
    for (int i = 0; i < CHUNKS; i++) {
      sum += System.nanoTime();
    }
    return sum;
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public StreamTimer streamTimerPerChunk() {
    StreamTimer timer = new StreamTimer(System.nanoTime());
    for (int i = 0; i < CHUNKS; i++) {
      timer.onChunk(System.nanoTime(), true);
    }
    timer.end(System.nanoTime());
    return timer;
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public ActiveLlmCall streamedCallPerChunkContentOff() {
    return stream(instrumenters.captureOff);
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public ActiveLlmCall streamedCallPerChunkContentOn() {
    return stream(instrumenters.captureOn);
  }

  private static ActiveLlmCall stream(GenAiInstrumenter instrumenter) {
    LlmCall call = CallFixtures.request(true);
    ActiveLlmCall active = instrumenter.start(call);
    boolean capture = instrumenter.content().enabled();
    for (int i = 0; i < CHUNKS; i++) {
      active.onChunk(true);
      if (capture) {
        active.streamedOutput().append(0, DELTA);
      }
    }
    active.streamedOutput().finish(0, "stop");
    call.inputTokens = 512L;
    call.outputTokens = (long) CHUNKS;
    active.end();
    return active;
  }
}
