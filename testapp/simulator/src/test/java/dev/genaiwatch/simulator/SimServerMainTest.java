package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The process contract other tools rely on: one READY line on stdout, then serve until killed. */
class SimServerMainTest {

  @Test
  void printsReadyLineWithBaseUrlAndServesUntilKilled() throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    Process process =
        new ProcessBuilder(
                java,
                "-cp",
                classpath,
                SimServerMain.class.getName(),
                "--latency",
                "zero",
                "--port",
                "0")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      BufferedReader stdout =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String ready = stdout.readLine();

      assertThat(ready).matches("SIM_SERVER_READY http://127\\.0\\.0\\.1:\\d+/v1");
      String baseUrl = ready.substring("SIM_SERVER_READY ".length());
      int status =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/models")).build(),
                  BodyHandlers.discarding())
              .statusCode();
      assertThat(status).isEqualTo(200);
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
