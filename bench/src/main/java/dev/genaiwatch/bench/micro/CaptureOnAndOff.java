package dev.genaiwatch.bench.micro;

import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.InstrumentationHealth;
import dev.genaiwatch.core.content.ContentCapture;
import io.opentelemetry.sdk.OpenTelemetrySdk;

/**
 * The two instrumenters a micro-benchmark compares, content capture on and off, on one {@link
 * BenchTelemetry} SDK; made in a benchmark's {@code @Setup}, closed in its {@code @TearDown}.
 */
final class CaptureOnAndOff implements AutoCloseable {
  final OpenTelemetrySdk sdk = BenchTelemetry.create();
  final GenAiInstrumenter captureOn = instrumenter(true);
  final GenAiInstrumenter captureOff = instrumenter(false);

  private GenAiInstrumenter instrumenter(boolean capture) {
    return new GenAiInstrumenter(
        sdk,
        new ContentCapture(capture, 8192, BenchRedactor.create()),
        InstrumentationHealth.noop(),
        "bench");
  }

  @Override
  public void close() {
    sdk.close();
  }
}
