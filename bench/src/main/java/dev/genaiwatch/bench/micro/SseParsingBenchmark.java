package dev.genaiwatch.bench.micro;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.wire.OpenAiWireParser;
import dev.genaiwatch.core.wire.SseEventParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * The wire-level hot path of a streamed call seen by an HTTP client instrumentation: the body of a
 * {@value OpenAiChatStream#CHUNKS}-chunk OpenAI chat stream, in network-sized slices, through
 * {@link SseEventParser} and, per event, {@link OpenAiWireParser#chunk} into the call (what an
 * owned {@code WireExchange} does with its bytes). The baseline is what any SSE client of the
 * application does anyway: split the bytes into lines and decode each line to a String. Scores are
 * per chunk; a stream is one invocation. The call rows include the span's start and end, amortised
 * over the chunks.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SseParsingBenchmark {
  static final int CHUNKS = OpenAiChatStream.CHUNKS;
  private static final int MAX_EVENT_BYTES = 1 << 20;

  private final ByteBuffer[] slices = OpenAiChatStream.slices();
  private final byte[] lineBuffer = new byte[MAX_EVENT_BYTES];
  private CaptureOnAndOff instrumenters;
  private long eventChars;

  @Setup
  public void setUp() {
    instrumenters = new CaptureOnAndOff();
    verifyStream();
  }

  @TearDown
  public void tearDown() {
    instrumenters.close();
  }

  /** Baseline: split into lines across slices and decode each non-empty line from UTF-8. */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public long decodeLines() {
    long chars = 0;
    int length = 0;
    for (ByteBuffer slice : slices) {
      for (int i = slice.position(); i < slice.limit(); i++) {
        byte b = slice.get(i);
        if (b == '\n') {
          if (length > 0) {
            chars += new String(lineBuffer, 0, length, StandardCharsets.UTF_8).length();
            length = 0;
          }
        } else {
          lineBuffer[length++] = b;
        }
      }
    }
    return chars;
  }

  /** The least anything can do with the bytes: look at each one. */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public long scanForNewlines() {
    long lines = 0;
    for (ByteBuffer slice : slices) {
      for (int i = slice.position(); i < slice.limit(); i++) {
        if (slice.get(i) == '\n') {
          lines++;
        }
      }
    }
    return lines;
  }

  /** {@link SseEventParser} alone: the data of each event as a String. */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public long sseEvents() {
    eventChars = 0;
    parseAll(data -> eventChars += data.length());
    return eventChars;
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public ActiveLlmCall sseIntoCallContentOff() {
    return streamInto(instrumenters.captureOff);
  }

  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public ActiveLlmCall sseIntoCallContentOn() {
    return streamInto(instrumenters.captureOn);
  }

  /**
   * The wire level under a library instrumentation that owns the call (the OpenAI Java SDK sends
   * over OkHttp): no span of its own, but every event is still parsed, for the usage details the
   * library may lack.
   */
  @Benchmark
  @OperationsPerInvocation(CHUNKS)
  public LlmCall sseUsageForLibraryCall() {
    LlmCall call = CallFixtures.request(true);
    parseAll(data -> usageIfMissing(data, call));
    return call;
  }

  private ActiveLlmCall streamInto(GenAiInstrumenter instrumenter) {
    ActiveLlmCall active = instrumenter.start(CallFixtures.request(true));
    parseAll(data -> chunk(data, active));
    active.end();
    return active;
  }

  /**
   * The whole stream, slice by slice, through one parser that hands each event's data to {@code
   * onData}.
   */
  private SseEventParser parseAll(Consumer<String> onData) {
    SseEventParser parser = new SseEventParser(MAX_EVENT_BYTES, onData);
    for (ByteBuffer slice : slices) {
      parser.feed(slice);
    }
    parser.finish();
    return parser;
  }

  private static void chunk(String data, ActiveLlmCall active) {
    try {
      OpenAiWireParser.chunk(data, active);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void usageIfMissing(String data, LlmCall call) {
    if (OpenAiWireParser.DONE.equals(data.trim())) {
      return;
    }
    try {
      OpenAiWireParser.usageIfMissing(data, call);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fails the run if the fixture stops parsing into what it claims to be. */
  private void verifyStream() {
    ActiveLlmCall active = instrumenters.captureOn.start(CallFixtures.request(true));
    SseEventParser parser = parseAll(data -> chunk(data, active));
    active.end();
    LlmCall call = active.call();
    if (active.timer().chunks() != CHUNKS
        || call.outputTokens == null
        || call.cacheReadInputTokens == null
        || !call.finishReasons.contains("stop")
        || call.outputMessages == null
        || parser.truncated()) {
      throw new IllegalStateException(
          "the SSE fixture did not parse as a "
              + CHUNKS
              + "-chunk stream with usage:"
              + " chunks "
              + active.timer().chunks()
              + ", output tokens "
              + call.outputTokens
              + ", cached "
              + call.cacheReadInputTokens
              + ", finish "
              + call.finishReasons
              + ", truncated "
              + parser.truncated());
    }
  }
}
