package dev.genaiwatch.testapp.scenario;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * An application that calls a model through Google's Gen AI SDK and nothing else: it builds a
 * client, reads one streamed answer to its end, prints one {@code BENCH} line (time to the end of
 * that call since the JVM's start, CPU until then) and exits. Like {@link OpenAiSdkStartup}, it has
 * a {@code main} of its own so that only the SDK's classes are loaded (the scenario catalog loads
 * every SDK's and LangChain4j's); the start-up benchmark runs it.
 */
public final class GoogleGenAiSdkStartup {
  private GoogleGenAiSdkStartup() {}

  /**
   * {@code java -cp genai-watch-testapp.jar dev.genaiwatch.testapp.scenario.GoogleGenAiSdkStartup
   * URL}, the server's root URL (the SDK appends {@code /v1beta/models/...}).
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: GoogleGenAiSdkStartup <root URL of the simulated server>");
      System.exit(2);
    }
    Client client =
        Client.builder()
            .apiKey("AIzaSy-testapp-0123456789abcdefghij")
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl(args[0])
                    .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                    .build())
            .build();
    StringBuilder text = new StringBuilder();
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream(
            GoogleGenAiScenarios.MODEL,
            "Describe a lighthouse at night.",
            GenerateContentConfig.builder().maxOutputTokens(32).build())) {
      for (GenerateContentResponse chunk : stream) {
        String delta = chunk.text();
        if (delta != null) {
          text.append(delta);
        }
      }
    }
    long sinceStart =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    long cpuNanos =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    System.out.println(
        "BENCH scenario=google-genai-sdk-startup first_call_ms="
            + sinceStart
            + " cpu_ms="
            + cpuNanos / 1_000_000
            + " uptime_ms="
            + ManagementFactory.getRuntimeMXBean().getUptime()
            + " chars="
            + text.length());
    System.out.flush();
    client.close();
  }
}
