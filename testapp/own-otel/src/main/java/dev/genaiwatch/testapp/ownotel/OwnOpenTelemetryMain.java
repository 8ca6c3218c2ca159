package dev.genaiwatch.testapp.ownotel;

import dev.genaiwatch.testapp.scenario.ScenarioRunner;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Arrays;

/**
 * An application that traces itself, as production services do: it handles one "request" in a
 * SERVER span and runs the testapp's scenarios inside it. Usage:
 *
 * <pre>
 *   java -jar genai-watch-testapp-own-otel.jar --otlp http://host:port run &lt;scenarios&gt; [run options]
 *   java -jar genai-watch-testapp-own-otel.jar --global run &lt;scenarios&gt; [run options]
 * </pre>
 *
 * {@code --otlp} starts the application's own OpenTelemetry SDK exporting spans over OTLP
 * http/protobuf to that endpoint; {@code --global} uses {@code GlobalOpenTelemetry} instead (the
 * upstream OpenTelemetry agent provides it). Standard output is the scenarios' output only, so runs
 * with and without an agent compare.
 */
public final class OwnOpenTelemetryMain {
  private OwnOpenTelemetryMain() {}

  public static void main(String[] args) throws Exception {
    int run = args.length > 0 && args[0].equals("--global") ? 1 : 2;
    if (args.length <= run + 1
        || !(run == 1 || args[0].equals("--otlp"))
        || !args[run].equals("run")) {
      System.err.println(
          "usage: (--otlp ENDPOINT | --global) run <scenario>[,<scenario>...] [run options]");
      System.exit(2);
    }
    OpenTelemetrySdk sdk = null;
    OpenTelemetry openTelemetry;
    String[] runArgs;
    if (args[0].equals("--global")) {
      openTelemetry = GlobalOpenTelemetry.get();
      runArgs = Arrays.copyOfRange(args, run + 1, args.length);
    } else {
      sdk =
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .setResource(
                          Resource.getDefault()
                              .merge(
                                  Resource.create(
                                      Attributes.of(
                                          AttributeKey.stringKey("service.name"), "own-otel-app"))))
                      .addSpanProcessor(
                          SimpleSpanProcessor.create(
                              OtlpHttpSpanExporter.builder()
                                  .setEndpoint(args[1] + "/v1/traces")
                                  .build()))
                      .build())
              .build();
      openTelemetry = sdk;
      runArgs = Arrays.copyOfRange(args, run + 1, args.length);
    }
    Span request =
        openTelemetry
            .getTracer("own-otel-app")
            .spanBuilder("POST /ask")
            .setSpanKind(SpanKind.SERVER)
            .startSpan();
    int exit;
    try (Scope ignored = request.makeCurrent()) {
      exit = ScenarioRunner.run(runArgs, System.out, System.err);
    } finally {
      request.end();
    }
    if (sdk != null) {
      sdk.close();
    }
    System.exit(exit);
  }
}
