package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one timed test: lower bounds only, since a slow CI machine may always add time. */
class SimulatorLatencyTest {

  @Test
  void firstContentChunkArrivesNoEarlierThanTheConfiguredTimeToFirstToken() throws Exception {
    SimConfig config = SimConfig.zeroLatency().toBuilder().ttftBaseMillis(150).build();
    try (SimulatedLlmServer sim = SimulatedLlmServer.start(config)) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/chat/completions"))
              .POST(
                  BodyPublishers.ofString(
                      "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
              .build();
      long start = System.nanoTime();
      InputStream body =
          HttpClient.newHttpClient().send(request, BodyHandlers.ofInputStream()).body();
      long firstContentNanos = -1;
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          if (firstContentNanos < 0 && line.startsWith("data: {") && !line.contains("\"role\"")) {
            firstContentNanos = System.nanoTime() - start;
          }
        }
      }

      assertThat(firstContentNanos).isGreaterThanOrEqualTo(150_000_000L);
      assertThat(sim.served().get(0).injectedFirstTokenDelayNanos())
          .isGreaterThanOrEqualTo(150_000_000L);
    }
  }
}
