package dev.genaiwatch.instrumentation.okhttp;

import dev.genaiwatch.core.testing.TestTelemetry;
import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;

/**
 * A simulated vLLM-like server, genai-watch installed with content capture, and an OkHttp client
 * given the interceptor exactly as the advice gives it (on the builder); all closed after each
 * test.
 */
abstract class InstrumentedOkHttpTestBase {
  static final MediaType JSON = MediaType.get("application/json");

  SimulatedLlmServer sim;
  TestTelemetry telemetry;
  InMemorySpanExporter spans;
  OkHttpClient client;

  /** Starts the server, genai-watch configured by {@code settings}, and the client. */
  void install(Map<String, String> settings) {
    sim = SimulatedLlmServer.start(SimConfig.zeroLatency());
    telemetry = TestTelemetry.install(true, settings);
    spans = telemetry.spans;
    OkHttpClient.Builder builder = new OkHttpClient.Builder();
    OkHttpHooks.addInterceptor(builder);
    client = builder.build();
  }

  @AfterEach
  void tearDown() {
    telemetry.close();
    sim.close();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
