package dev.genaiwatch.bench.overhead;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How the testapp JVM is started: with no agent (the baseline), genai-watch, or the upstream
 * OpenTelemetry agent. Both agents export OTLP/http-protobuf to the same local sink with their
 * default batching, so the export cost they add is real and comparable.
 */
public record AgentConfiguration(
    String id, String label, List<String> jvmArgs, Map<String, String> env) {

  public static final String NO_AGENT = "no-agent";
  public static final String GENAI_WATCH = "genai-watch";
  public static final String GENAI_WATCH_NO_CONTENT = "genai-watch-no-content";
  public static final String UPSTREAM = "otel-javaagent";

  static AgentConfiguration noAgent() {
    return new AgentConfiguration(NO_AGENT, "no agent (baseline)", List.of(), Map.of());
  }

  static AgentConfiguration genaiWatch(Path agentJar, String otlpEndpoint) {
    return new AgentConfiguration(
        GENAI_WATCH, "genai-watch", List.of("-javaagent:" + agentJar), exportTo(otlpEndpoint));
  }

  static AgentConfiguration genaiWatchWithoutContent(Path agentJar, String otlpEndpoint) {
    return new AgentConfiguration(
        GENAI_WATCH_NO_CONTENT,
        "genai-watch, content capture off",
        List.of("-javaagent:" + agentJar, "-Dgenai.watch.capture.content=false"),
        exportTo(otlpEndpoint));
  }

  static AgentConfiguration upstream(Path upstreamAgentJar, String version, String otlpEndpoint) {
    return new AgentConfiguration(
        UPSTREAM,
        "OTel Java agent " + version,
        List.of("-javaagent:" + upstreamAgentJar),
        exportTo(otlpEndpoint));
  }

  private static Map<String, String> exportTo(String otlpEndpoint) {
    return Map.of(
        "OTEL_SERVICE_NAME", "bench-testapp",
        "OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint,
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
  }

  public boolean hasAgent() {
    return !jvmArgs.isEmpty();
  }
}
