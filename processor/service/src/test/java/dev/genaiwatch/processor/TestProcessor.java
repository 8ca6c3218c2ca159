package dev.genaiwatch.processor;

import dev.genaiwatch.processor.pipeline.SpanEnricher;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.RefusedPort;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A processor on loopback ephemeral ports with test-sized settings, plus a client for it. */
final class TestProcessor implements AutoCloseable {
  final Processor processor;
  final ProcessorClient client;

  private TestProcessor(Processor processor) {
    this.processor = processor;
    this.client = new ProcessorClient(processor.httpPort(), processor.grpcPort());
  }

  static TestProcessor start(Path dataDir, Map<String, String> settings) {
    return start(dataDir, settings, List.of());
  }

  static TestProcessor start(
      Path dataDir, Map<String, String> settings, List<SpanEnricher> extraEnrichers) {
    Properties file = LoopbackSettings.of(dataDir);
    file.putAll(settings);
    try {
      return new TestProcessor(Processor.start(ProcessorConfig.of(file, Map.of()), extraEnrichers));
    } catch (Exception e) {
      throw new IllegalStateException("processor did not start", e);
    }
  }

  /** An OTLP endpoint where every connection is refused, for the whole test run. */
  static String unreachableEndpoint() {
    return "http://127.0.0.1:" + RefusedPort.port();
  }

  /**
   * Settings forwarding to {@code downstream} over OTLP/HTTP, then {@code more} (key, value...).
   */
  static Map<String, String> forwardingOverHttp(OtlpReceiver downstream, String... more) {
    Map<String, String> settings = new HashMap<>();
    settings.put("downstream.endpoint", downstream.httpEndpoint());
    settings.put("downstream.protocol", "http/protobuf");
    for (int i = 0; i < more.length; i += 2) {
      settings.put(more[i], more[i + 1]);
    }
    return settings;
  }

  /**
   * Polls {@code condition} until it holds; the deadline only bounds a failing test, it is not a
   * timing assertion.
   */
  static void await(String what, BooleanSupplier condition) {
    await(what, condition, () -> "");
  }

  static void await(String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + " " + state.get());
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Waits until the processor has counted {@code spans} spans as dropped. */
  void awaitDroppedSpans(int spans) {
    await(
        spans + " span(s) to be dropped",
        () -> client.metric("genai_watch_processor_dropped_total{signal=\"spans\"}") == spans);
  }

  @Override
  public void close() {
    client.close();
    processor.close();
  }
}
