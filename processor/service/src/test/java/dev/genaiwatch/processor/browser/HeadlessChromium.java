package dev.genaiwatch.processor.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.processor.OrderlyStop;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real headless Chromium (from {@code ops/ensure-chromium.sh}, which installs Debian's package
 * when none is on PATH) with its DevTools endpoint on an ephemeral port, driven over the DevTools
 * protocol. Where no Chromium can be had, the calling test is skipped (a JUnit assumption) with the
 * script's reason.
 */
public final class HeadlessChromium implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final DevTools page;

  private HeadlessChromium(Process process, DevTools page) {
    this.process = process;
    this.page = page;
  }

  /** Starts Chromium with a fresh profile under {@code profileDir}; skips the test without one. */
  public static HeadlessChromium start(Path profileDir) throws IOException, InterruptedException {
    String binary = ensureChromium();
    Process process =
        new ProcessBuilder(
                binary,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--hide-scrollbars",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--user-data-dir=" + profileDir.toAbsolutePath(),
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      String browserUrl = devToolsUrl(process);
      URI browser = URI.create(browserUrl);
      String list = "http://" + browser.getHost() + ":" + browser.getPort() + "/json/list";
      String pageUrl = null;
      HttpClient http = HttpClient.newHttpClient();
      for (int attempt = 0; attempt < 100 && pageUrl == null; attempt++) {
        JsonNode targets =
            JSON.readTree(
                http.send(
                        HttpRequest.newBuilder(URI.create(list)).build(),
                        HttpResponse.BodyHandlers.ofString())
                    .body());
        for (JsonNode target : targets) {
          if (target.path("type").asText().equals("page")) {
            pageUrl = target.path("webSocketDebuggerUrl").asText();
          }
        }
        if (pageUrl == null) {
          Thread.sleep(100);
        }
      }
      if (pageUrl == null) {
        throw new IOException("Chromium opened no page target");
      }
      return new HeadlessChromium(process, new DevTools(pageUrl));
    } catch (IOException | InterruptedException | RuntimeException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  private static String ensureChromium() throws IOException, InterruptedException {
    Path script = Path.of("../../ops/ensure-chromium.sh").toAbsolutePath().normalize();
    assumeTrue(Files.isExecutable(script), "no " + script + " to find Chromium with");
    Process ensure = new ProcessBuilder(script.toString()).redirectErrorStream(false).start();
    CompletableFuture<String> errors =
        CompletableFuture.supplyAsync(() -> read(ensure.getErrorStream()));
    String out = read(ensure.getInputStream());
    boolean done = ensure.waitFor(15, TimeUnit.MINUTES);
    assumeTrue(
        done && ensure.exitValue() == 0,
        "browser tests skipped: Chromium cannot be installed here (ops/ensure-chromium.sh: "
            + errors.join().strip()
            + ")");
    List<String> lines = out.strip().lines().toList();
    return lines.get(lines.size() - 1);
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Chromium prints its DevTools address on stderr once it listens. */
  private static String devToolsUrl(Process process) throws IOException {
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = err.readLine()) != null) {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        // Keep draining stderr so Chromium never blocks on a full pipe.
        Thread drain =
            new Thread(
                () -> {
                  try {
                    err.transferTo(Writer.nullWriter());
                  } catch (IOException e) {
                    // Chromium exited.
                  }
                },
                "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return matcher.group(1);
      }
      seen.append(line).append('\n');
    }
    throw new IOException("Chromium exited before listening for DevTools:\n" + seen);
  }

  public DevTools page() {
    return page;
  }

  @Override
  public void close() {
    page.close();
    OrderlyStop.stop(process::destroy, process::waitFor, 10, process::destroyForcibly);
  }
}
