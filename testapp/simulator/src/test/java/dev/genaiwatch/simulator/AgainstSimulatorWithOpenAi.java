package dev.genaiwatch.simulator;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link AgainstSimulator} with the real OpenAI Java SDK pointed at the server. */
abstract class AgainstSimulatorWithOpenAi extends AgainstSimulator {

  static OpenAIClient client;

  @BeforeAll
  static void startClient() {
    // No retries: a fault must surface as the exception it causes, not be papered over.
    client =
        OpenAIOkHttpClient.builder().baseUrl(sim.baseUrl()).apiKey("sk-test").maxRetries(0).build();
  }

  @AfterAll
  static void stopClient() {
    client.close();
  }
}
