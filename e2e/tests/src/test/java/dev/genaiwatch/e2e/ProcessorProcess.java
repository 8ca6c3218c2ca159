package dev.genaiwatch.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.testing.ForkedJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processor jar running in its own JVM on free ports, configured by environment variables only,
 * with its output collected. Waits for {@code PROCESSOR_READY}; {@link #close} sends SIGTERM
 * (graceful drain).
 */
public final class ProcessorProcess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern READY = Pattern.compile("PROCESSOR_READY grpc=(\\d+) http=(\\d+)");

  private final Process process;
  private final StringBuffer output = new StringBuffer();
  private final int httpPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private ProcessorProcess(Process process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  public static Path jar() {
    Path jar = Path.of(System.getProperty("genaiwatch.processor.jar", "missing"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the processor jar does not exist at " + jar + " (run mvn verify)");
    }
    return jar;
  }

  /**
   * {@code settings} are processor keys ({@code drift.window.size}) or full variable names
   * (GENAI_WATCH_EVAL_...).
   */
  public static ProcessorProcess start(Map<String, String> settings) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("GENAI_WATCH_PROCESSOR_BIND_ADDRESS", "127.0.0.1");
    env.put("GENAI_WATCH_PROCESSOR_GRPC_PORT", "0");
    env.put("GENAI_WATCH_PROCESSOR_HTTP_PORT", "0");
    env.put(
        "GENAI_WATCH_PROCESSOR_DATA_DIR",
        Files.createTempDirectory("genai-watch-processor-e2e").toString());
    settings.forEach(
        (key, value) ->
            env.put(
                key.equals(key.toUpperCase())
                    ? key
                    : "GENAI_WATCH_PROCESSOR_"
                        + key.toUpperCase().replace('.', '_').replace('-', '_'),
                value));
    List<String> command = ForkedJvm.on(ForkedJvm.Jdks.current()).jar(jar()).command();
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("OTEL_") || k.startsWith("GENAI_WATCH_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder startup = new StringBuilder();
    int port = -1;
    String line;
    while ((line = out.readLine()) != null) {
      startup.append(line).append('\n');
      Matcher m = READY.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(2));
        break;
      }
    }
    if (port < 0) {
      process.destroyForcibly();
      throw new IllegalStateException("the processor did not start:\n" + startup);
    }
    ProcessorProcess started = new ProcessorProcess(process, port);
    started.output.append(startup);
    Thread pump =
        new Thread(
            () -> {
              try {
                String l;
                while ((l = out.readLine()) != null) {
                  started.output.append(l).append('\n');
                }
              } catch (IOException ignored) {
                // The processor exited.
              }
            },
            "processor-output");
    pump.setDaemon(true);
    pump.start();
    return started;
  }

  public int httpPort() {
    return httpPort;
  }

  public String otlpHttpEndpoint() {
    return "http://127.0.0.1:" + httpPort;
  }

  /**
   * The environment of an application whose agent exports to this processor over OTLP/HTTP, as
   * {@code service}: spans within 100 ms, metrics rarely (they are not what these tests read).
   */
  public Map<String, String> agentEnvironment(String service) {
    return Map.of(
        "OTEL_SERVICE_NAME", service,
        "OTEL_EXPORTER_OTLP_ENDPOINT", otlpHttpEndpoint(),
        "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
        "OTEL_BSP_SCHEDULE_DELAY", "100",
        "OTEL_METRIC_EXPORT_INTERVAL", "60000");
  }

  /**
   * The testapp with the agent, running {@code scenarios} ({@code requests} calls of the traffic
   * ones) against the model server at {@code baseUrl}, exporting to this processor as {@code
   * service}.
   */
  public ForkedJvm testappWithAgent(
      String service, String scenarios, String baseUrl, int requests) {
    return ForkedJvm.on(ForkedJvm.Jdks.current())
        .jar(
            AgentRun.testappJar(),
            "run",
            scenarios,
            "--base-url",
            baseUrl,
            "--requests",
            String.valueOf(requests))
        .timeout(Duration.ofMinutes(3))
        .agent(AgentRun.agentJar())
        .env(agentEnvironment(service));
  }

  public String output() {
    return output.toString();
  }

  public JsonNode api(String path) throws IOException, InterruptedException {
    return JSON.readTree(get(path));
  }

  public String get(String path) throws IOException, InterruptedException {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /**
   * The value of one Prometheus sample line of {@code /metrics} (name with labels as printed), or
   * NaN.
   */
  public double metric(String nameAndLabelsPrefix) throws IOException, InterruptedException {
    double sum = Double.NaN;
    for (String line : get("/metrics").split("\n")) {
      if (line.startsWith(nameAndLabelsPrefix)) {
        double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        sum = Double.isNaN(sum) ? v : sum + v;
      }
    }
    return sum;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
