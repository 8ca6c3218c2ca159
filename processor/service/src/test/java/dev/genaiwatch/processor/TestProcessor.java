package dev.genaiwatch.processor;

import dev.genaiwatch.processor.pipeline.SpanEnricher;
import java.nio.file.Path;
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
    Properties file = new Properties();
    file.setProperty("bind.address", "127.0.0.1");
    file.setProperty("grpc.port", "0");
    file.setProperty("http.port", "0");
    file.setProperty("data.dir", dataDir.toString());
    file.setProperty("drift.embedding.enabled", "false");
    file.putAll(settings);
    try {
      return new TestProcessor(Processor.start(ProcessorConfig.of(file, Map.of()), extraEnrichers));
    } catch (Exception e) {
      throw new IllegalStateException("processor did not start", e);
    }
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

  @Override
  public void close() {
    client.close();
    processor.close();
  }
}
