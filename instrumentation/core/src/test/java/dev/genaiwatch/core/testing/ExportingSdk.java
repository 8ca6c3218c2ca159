package dev.genaiwatch.core.testing;

import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.InstrumentationHealth;
import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.redaction.RedactionEngine;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenTelemetry SDK exporting to memory, for tests that build their own instrumenters
 * (nothing is installed agent-wide, unlike {@link TestTelemetry}); held in a
 * {@code @RegisterExtension} field, it is shut down after each test.
 */
public final class ExportingSdk implements AfterEachCallback {
  public final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  public final OpenTelemetrySdk sdk = TestTelemetry.exportingTo(exporter);

  /** An instrumenter on this SDK, capturing content up to {@code maxLength} or not at all. */
  public GenAiInstrumenter instrumenter(boolean content, int maxLength) {
    return instrumenterOn(sdk, content, maxLength);
  }

  /** An instrumenter on {@code sdk} with the default redaction rules and no health counting. */
  public static GenAiInstrumenter instrumenterOn(
      OpenTelemetrySdk sdk, boolean content, int maxLength) {
    return new GenAiInstrumenter(
        sdk,
        new ContentCapture(content, maxLength, RedactionEngine.defaults()),
        InstrumentationHealth.noop(),
        "test");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    sdk.close();
  }
}
