package dev.genaiwatch.testapp.scenario;

import com.sun.management.OperatingSystemMXBean;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * An application that never calls a model, for the start-up benchmark: it builds the HTTP clients
 * most applications build (the JDK's and OkHttp), asks the server something that is not an LLM
 * call, prints one {@code BENCH} line and exits. It has a {@code main} of its own because the
 * testapp's scenario catalog loads every scenario class, and with them classes of every LLM SDK,
 * before the scenario runs; this application loads none. As a scenario ({@code no-llm-startup}) it
 * does the same work after the catalog.
 */
public final class NoLlmStartup {
  private NoLlmStartup() {}

  /** {@code java -cp genai-watch-testapp.jar dev.genaiwatch.testapp.scenario.NoLlmStartup URL}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: NoLlmStartup <base URL of the simulated server, ending in /v1>");
      System.exit(2);
    }
    run(args[0], System.out);
  }

  static void run(String baseUrl, PrintStream out) throws Exception {
    HttpClient jdk = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    OkHttpClient okHttp = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).build();
    HttpResponse<byte[]> models =
        jdk.send(
            HttpRequest.newBuilder(URI.create(baseUrl + "/models")).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    long sinceStart =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    long cpuNanos =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    out.println(
        "BENCH scenario=no-llm-startup ready_ms="
            + sinceStart
            + " cpu_ms="
            + cpuNanos / 1_000_000
            + " uptime_ms="
            + ManagementFactory.getRuntimeMXBean().getUptime()
            + " status="
            + models.statusCode()
            + " okhttp_timeout_ms="
            + okHttp.connectTimeoutMillis());
    out.flush();
  }
}
