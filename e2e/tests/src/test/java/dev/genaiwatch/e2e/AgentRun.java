package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.SimConfig;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The built artifacts under test and a launcher for the testapp with or without the agent. */
final class AgentRun {
  private AgentRun() {}

  static Path agentJar() {
    return existing(
        "genaiwatch.agent.jar",
        "the agent jar (run the build with 'mvn verify' so it is packaged)");
  }

  static Path testappJar() {
    return existing("genaiwatch.testapp.jar", "the testapp jar");
  }

  /** The testapp packaged with the oldest supported openai-java (module testapp/openai-oldest). */
  static Path testappOnOldestSdkJar() {
    return existing(
        "genaiwatch.testapp.oldest.jar", "the testapp jar with the oldest supported openai-java");
  }

  /**
   * The testapp packaged with the oldest supported anthropic-java, 3.0.0 (module
   * testapp/anthropic-oldest).
   */
  static Path testappOnOldestAnthropicSdkJar() {
    return existing(
        "genaiwatch.testapp.anthropic.oldest.jar",
        "the testapp jar with the oldest supported anthropic-java");
  }

  /**
   * The testapp packaged with the oldest supported google-genai, 1.61.0 (module
   * testapp/google-genai-oldest).
   */
  static Path testappOnOldestGoogleGenAiSdkJar() {
    return existing(
        "genaiwatch.testapp.google-genai.oldest.jar",
        "the testapp jar with the oldest supported google-genai");
  }

  /**
   * The testapp packaged with the oldest supported Reactor Netty (1.2.16) and Apache HttpClient 5
   * (5.4.4, HttpCore 5.3.4) (module testapp/wire-oldest).
   */
  static Path testappOnOldestWireClientsJar() {
    return existing(
        "genaiwatch.testapp.wire.oldest.jar",
        "the testapp jar with the oldest supported Reactor Netty and HttpClient 5");
  }

  /** The testapp repackaged as a Spring Boot executable jar (module testapp/bootjar). */
  static Path testappBootJar() {
    return existing("genaiwatch.testapp.bootjar.jar", "the testapp as a Spring Boot fat jar");
  }

  /** The testapp with its own OpenTelemetry SDK and a server span (module testapp/own-otel). */
  static Path testappOwnOtelJar() {
    return existing("genaiwatch.testapp.ownotel.jar", "the testapp with its own OpenTelemetry SDK");
  }

  /** The upstream OpenTelemetry Java agent, copied from Maven Central by the build. */
  static Path upstreamOtelAgentJar() {
    return existing("genaiwatch.upstream.agent.jar", "the upstream OpenTelemetry Java agent jar");
  }

  /**
   * The testapp with its own versions of Jackson, OkHttp, Kotlin and ByteBuddy (module
   * testapp/conflicts).
   */
  static Path testappConflictsJar() {
    return existing(
        "genaiwatch.testapp.conflicts.jar", "the testapp jar with conflicting library versions");
  }

  /**
   * The testapp packaged with the oldest supported LangChain4j (module testapp/langchain4j-oldest).
   */
  static Path testappOnOldestLangChain4jJar() {
    return existing(
        "genaiwatch.testapp.langchain4j.oldest.jar",
        "the testapp jar with the oldest supported LangChain4j");
  }

  /** A Spring Boot 3.5 application using Spring AI 1.1 (module testapp/spring-ai/boot3). */
  static Path springAiBoot3Jar() {
    return existing(
        "genaiwatch.testapp.springai.boot3.jar", "the Spring AI 1.1 / Spring Boot 3 testapp jar");
  }

  /** A Spring Boot 4.0 application using Spring AI 2.0 (module testapp/spring-ai/boot4). */
  static Path springAiBoot4Jar() {
    return existing(
        "genaiwatch.testapp.springai.boot4.jar", "the Spring AI 2.0 / Spring Boot 4 testapp jar");
  }

  private static Path existing(String property, String what) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + property + " is not set: it names " + what);
    }
    Path path = Path.of(value);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(what + " does not exist at " + path);
    }
    return path;
  }

  /**
   * The testapp running {@code scenarios} against {@code baseUrl}; the agent exports to {@code
   * otlpEndpoint} over http/protobuf with a short batch delay, so a test does not wait for the
   * default five seconds.
   */
  static ForkedJvm testapp(
      Path javaHome, boolean withAgent, String scenarios, String baseUrl, String otlpEndpoint) {
    return testapp(testappJar(), javaHome, withAgent, scenarios, baseUrl, otlpEndpoint);
  }

  static ForkedJvm testapp(
      Path appJar,
      Path javaHome,
      boolean withAgent,
      String scenarios,
      String baseUrl,
      String otlpEndpoint) {
    ForkedJvm jvm =
        ForkedJvm.on(javaHome)
            .jar(appJar, "run", scenarios, "--base-url", baseUrl, "--requests", "8")
            .timeout(Duration.ofMinutes(3));
    if (withAgent) {
      withAgent(jvm, otlpEndpoint);
    }
    return jvm;
  }

  /**
   * Attaches the agent, exporting to {@code otlpEndpoint} over http/protobuf with a short batch
   * delay.
   */
  static ForkedJvm withAgent(ForkedJvm jvm, String otlpEndpoint) {
    return jvm.agent(agentJar())
        .env(
            Map.of(
                "OTEL_SERVICE_NAME", "e2e-testapp",
                "OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=e2e,team=genai",
                "OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "100",
                "OTEL_METRIC_EXPORT_INTERVAL", "60000"));
  }

  /**
   * A simulator with a fixed first-token delay, 1 ms per output token and no prefill or concurrency
   * effects, so that latencies on spans can be compared with what it served.
   */
  static SimulatedLlmServer fastServer(double ttftMillis) {
    return SimulatedLlmServer.start(
        SimConfig.builder()
            .ttftBaseMillis(ttftMillis)
            .prefillMillisPerToken(0)
            .decodeMillisPerToken(1)
            .concurrencyPenalty(0)
            .build());
  }

  /** Closes what a test started, skipping what never started; the first failure is rethrown. */
  static void closeAll(AutoCloseable... resources) {
    RuntimeException failure = null;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing " + resource, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Each run exited with status 0; a failure shows the run's command line and output. */
  static void assertExitedNormally(ForkedJvm.Result... runs) {
    for (ForkedJvm.Result run : runs) {
      assertThat(run.exitCode()).as(run.describe()).isZero();
    }
  }
}
