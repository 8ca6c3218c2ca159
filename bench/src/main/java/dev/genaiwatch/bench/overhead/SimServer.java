package dev.genaiwatch.bench.overhead;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The testapp's simulated OpenAI-compatible server in a JVM of its own with zero latency, so the
 * client JVM under measurement does not share its heap or JIT with the server.
 */
final class SimServer implements AutoCloseable {
  private static final String READY = "SIM_SERVER_READY ";

  private final Process process;
  private final String baseUrl;

  private SimServer(Process process, String baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
  }

  static SimServer start(Path java, Path testappJar, Path log) throws IOException {
    Process process =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx512m",
                    "-cp",
                    testappJar.toString(),
                    "dev.genaiwatch.simulator.SimServerMain",
                    "--latency",
                    "zero",
                    "--served-log-capacity",
                    "16"))
            .redirectError(log.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(READY)) {
        // The base URL already ends in /v1, as the OpenAI SDK expects.
        return new SimServer(process, line.substring(READY.length()).trim());
      }
    }
    process.destroyForcibly();
    throw new IOException("simulated server exited before it was ready; see " + log);
  }

  String baseUrl() {
    return baseUrl;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
