package dev.genaiwatch.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Java program in a fresh JVM, optionally with {@code -javaagent}, the way a user would
 * start it, and captures what it printed. The child's environment is the parent's minus every
 * {@code OTEL_*} and {@code GENAI_WATCH_*} variable, so a developer's shell settings cannot change
 * a test's outcome.
 */
public final class ForkedJvm {
  private final Path javaHome;
  private final List<String> jvmArgs = new ArrayList<>();
  private final List<String> programArgs = new ArrayList<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private Path agentJar;
  private Path jar;
  private String classpath;
  private String mainClass;
  private Duration timeout = Duration.ofMinutes(2);

  private ForkedJvm(Path javaHome) {
    this.javaHome = javaHome;
  }

  public static ForkedJvm on(Path javaHome) {
    return new ForkedJvm(javaHome);
  }

  public ForkedJvm agent(Path agentJar) {
    this.agentJar = agentJar;
    return this;
  }

  public ForkedJvm jar(Path jar, String... args) {
    this.jar = jar;
    programArgs.addAll(List.of(args));
    return this;
  }

  public ForkedJvm classpath(String classpath, String mainClass, String... args) {
    this.classpath = classpath;
    this.mainClass = mainClass;
    programArgs.addAll(List.of(args));
    return this;
  }

  public ForkedJvm jvmArg(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  public ForkedJvm env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public ForkedJvm env(Map<String, String> values) {
    env.putAll(values);
    return this;
  }

  public ForkedJvm timeout(Duration value) {
    this.timeout = value;
    return this;
  }

  public List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaHome.resolve("bin").resolve("java").toString());
    cmd.add("-Xmx512m");
    if (agentJar != null) {
      cmd.add("-javaagent:" + agentJar);
    }
    cmd.addAll(jvmArgs);
    if (jar != null) {
      cmd.add("-jar");
      cmd.add(jar.toString());
    } else {
      cmd.add("-cp");
      cmd.add(classpath);
      cmd.add(mainClass);
    }
    cmd.addAll(programArgs);
    return cmd;
  }

  public Result run() {
    List<String> cmd = command();
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_") || k.startsWith("GENAI_WATCH_"));
    pb.environment().putAll(env);
    long t0 = System.nanoTime();
    try {
      Process process = pb.start();
      process.getOutputStream().close();
      StreamCollector out = new StreamCollector(process.getInputStream());
      StreamCollector err = new StreamCollector(process.getErrorStream());
      out.start();
      err.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        out.join(5000);
        err.join(5000);
        throw new AssertionError(
            "forked JVM did not finish within "
                + timeout
                + ": "
                + String.join(" ", cmd)
                + "\n--- stdout ---\n"
                + out.text()
                + "\n--- stderr ---\n"
                + err.text());
      }
      out.join(10_000);
      err.join(10_000);
      return new Result(
          cmd,
          process.exitValue(),
          out.text(),
          err.text(),
          Duration.ofNanos(System.nanoTime() - t0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What the child printed and how it ended. */
  public record Result(
      List<String> command, int exitCode, String stdout, String stderr, Duration wallTime) {

    /** Lines of stdout that are the application's own (not OTLP/JSON export lines). */
    public List<String> appStdoutLines() {
      return stdout.lines().filter(l -> !l.startsWith("{\"resource")).toList();
    }

    public List<String> genaiWatchLogLines() {
      return stderr.lines().filter(l -> l.startsWith("[genai-watch]")).toList();
    }

    public String describe() {
      return "command: "
          + String.join(" ", command)
          + "\nexit: "
          + exitCode
          + "\n--- stdout ---\n"
          + stdout
          + "\n--- stderr ---\n"
          + stderr;
    }
  }

  private static final class StreamCollector extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    StreamCollector(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        in.transferTo(buffer);
      } catch (IOException ignored) {
        // The process ended; what we have is what it printed.
      }
    }

    String text() {
      synchronized (buffer) {
        return buffer.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /** Finds the JDKs the end-to-end tests run on. */
  public static final class Jdks {
    private Jdks() {}

    public static Path current() {
      return Path.of(System.getProperty("java.home"));
    }

    /**
     * A JDK 25: {@code GENAI_WATCH_TEST_JDK25} (a JAVA_HOME), else the first {@code
     * /usr/lib/jvm/*25*} with a {@code bin/java}. Null when there is none.
     */
    public static Path jdk25() {
      String configured = System.getenv("GENAI_WATCH_TEST_JDK25");
      if (configured != null && !configured.isBlank()) {
        return Path.of(configured);
      }
      Path jvms = Path.of("/usr/lib/jvm");
      if (!Files.isDirectory(jvms)) {
        return null;
      }
      try (var dirs = Files.list(jvms)) {
        return dirs.filter(d -> d.getFileName().toString().matches(".*-25([.-].*)?"))
            .filter(d -> Files.isExecutable(d.resolve("bin/java")))
            .sorted()
            .findFirst()
            .orElse(null);
      } catch (IOException e) {
        return null;
      }
    }
  }
}
