package dev.genaiwatch.testapp.scenario;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * An application that calls a model through the OpenAI Java SDK and nothing else, for the start-up
 * benchmark: it builds a client, makes the same non-streamed call as {@code openai-java-startup},
 * prints one {@code BENCH} line and exits. It has a {@code main} of its own because the testapp's
 * scenario catalog loads every scenario class, and with them classes of every LLM SDK and framework
 * (LangChain4j's among them), before the scenario runs; this application loads the OpenAI SDK's
 * classes only, like most applications that use it.
 */
public final class OpenAiSdkStartup {
  private OpenAiSdkStartup() {}

  /**
   * {@code java -cp genai-watch-testapp.jar dev.genaiwatch.testapp.scenario.OpenAiSdkStartup URL}.
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println(
          "usage: OpenAiSdkStartup <base URL of the simulated server, ending in /v1>");
      System.exit(2);
    }
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(args[0])
            .apiKey("sk-testapp-0123456789abcdefghij")
            .build();
    ChatCompletion completion =
        client
            .chat()
            .completions()
            .create(
                ChatCompletionCreateParams.builder()
                    .model("qwen2.5-7b-instruct")
                    .addSystemMessage(
                        "You are the support assistant of Example Corp. Answer in one short"
                            + " paragraph.")
                    .addUserMessage(
                        "[[tokens="
                            + BenchScenarios.PLAIN_TOKENS
                            + "]] My order 4711 has not arrived; what can I do?")
                    .temperature(0.2)
                    .build());
    long sinceStart =
        System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
    long cpuNanos =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    System.out.println(
        "BENCH scenario=openai-sdk-startup first_call_ms="
            + sinceStart
            + " cpu_ms="
            + cpuNanos / 1_000_000
            + " uptime_ms="
            + ManagementFactory.getRuntimeMXBean().getUptime()
            + " response_id="
            + completion.id());
    System.out.flush();
    client.close();
  }
}
