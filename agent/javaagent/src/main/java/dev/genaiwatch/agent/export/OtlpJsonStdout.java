package dev.genaiwatch.agent.export;

import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Writes one OTLP/JSON export request per line on stdout: the format of OpenTelemetry's {@code
 * logging-otlp} exporters, which the collector's OTLP/JSON file receiver and {@code jq} read. (The
 * {@code opentelemetry-exporter-logging-otlp} artifact matching our SDK version is not published
 * where we build, so genai-watch provides the exporter names itself, on the SDK's own marshalers.)
 * The span and metric exporters extend it for what they share.
 */
abstract class OtlpJsonStdout {
  /**
   * Writes the request {@code marshaler} builds; failing to build or write it fails this export
   * only.
   */
  static CompletableResultCode export(Supplier<Marshaler> marshaler) {
    try {
      writeLine(marshaler.get());
      return CompletableResultCode.ofSuccess();
    } catch (IOException | RuntimeException e) {
      return CompletableResultCode.ofExceptionalFailure(e);
    }
  }

  /** Nothing is buffered: every export is on stdout before it returns. */
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  private static synchronized void writeLine(Marshaler request) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    request.writeJsonTo(buffer);
    PrintStream out = System.out;
    // One println keeps the line whole even when the application prints concurrently.
    out.println(buffer.toString(StandardCharsets.UTF_8));
    out.flush();
  }
}
