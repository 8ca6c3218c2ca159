package dev.genaiwatch.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processor as operators run it: {@code ProcessorMain} in its own JVM, configured by a
 * properties file.
 */
final class ForkedProcessor implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("^PROCESSOR_READY grpc=(\\d+) http=(\\d+)$");

  final Process process;
  final int grpcPort;
  final int httpPort;
  final List<String> stderr;
  final ProcessorClient client;

  private ForkedProcessor(Process process, int grpcPort, int httpPort, List<String> stderr) {
    this.process = process;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
    this.stderr = stderr;
    this.client = new ProcessorClient(httpPort, grpcPort);
  }

  /**
   * Starts with {@code settings} on ephemeral ports and waits for PROCESSOR_READY; nothing else is
   * preset.
   */
  static ForkedProcessor start(Path workDir, Map<String, String> settings) {
    try {
      Path config = Files.createTempFile(workDir, "processor", ".properties");
      StringBuilder text =
          new StringBuilder("grpc.port=0\nhttp.port=0\ndrift.embedding.enabled=false\n");
      settings.forEach(
          (k, v) -> text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
      Files.writeString(config, text);
      String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
              javaBin,
              "-Xmx512m",
              "-cp",
              System.getProperty("java.class.path"),
              ProcessorMain.class.getName(),
              "--config",
              config.toString());
      builder.environment().keySet().removeIf(k -> k.startsWith(ProcessorConfig.ENV_PREFIX));
      builder.directory(workDir.toFile());
      Process process = builder.start();
      List<String> stderr = Collections.synchronizedList(new ArrayList<>());
      Thread errors =
          new Thread(
              () -> {
                try (BufferedReader reader =
                    new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                  reader.lines().forEach(stderr::add);
                } catch (IOException e) {
                  // The process is gone.
                }
              });
      errors.setDaemon(true);
      errors.start();
      BufferedReader stdout =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<Matcher> ready =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  for (String line; (line = stdout.readLine()) != null; ) {
                    Matcher m = READY.matcher(line);
                    if (m.matches()) {
                      return m;
                    }
                  }
                  return null;
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      Matcher m;
      try {
        m = ready.get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "processor did not print PROCESSOR_READY; stderr: " + stderr, e);
      }
      if (m == null) {
        throw new IllegalStateException(
            "processor exited before PROCESSOR_READY; stderr: " + stderr);
      }
      Thread drain =
          new Thread(
              () -> {
                try {
                  while (stdout.readLine() != null) {
                    // Keep the pipe from filling up.
                  }
                } catch (IOException e) {
                  // The process is gone.
                }
              });
      drain.setDaemon(true);
      drain.start();
      return new ForkedProcessor(
          process, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), stderr);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL: no shutdown hook, no drain, nothing flushed by the JVM. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    client.close();
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      kill();
    }
  }
}
