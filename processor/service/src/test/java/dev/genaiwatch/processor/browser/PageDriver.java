package dev.genaiwatch.processor.browser;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the browser tests do with a page: navigate, evaluate JavaScript, wait for a condition,
 * resize, take screenshots, and collect every console error, uncaught exception and browser log
 * error.
 */
public final class PageDriver {
  private final DevTools devTools;

  public PageDriver(DevTools devTools) {
    this.devTools = devTools;
    devTools.send("Runtime.enable");
    devTools.send("Log.enable");
    devTools.send("Page.enable");
    devTools.send("Network.enable");
  }

  public void navigate(String url) {
    devTools.send("Page.navigate", Map.of("url", url));
  }

  /** The value of {@code expression} (promises awaited); a thrown exception fails the test. */
  public JsonNode evaluate(String expression) {
    JsonNode result =
        devTools.send(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError(
          "page script failed: " + expression + "\n" + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /**
   * Polls {@code expression} until it is true; the deadline only bounds a failing test, it is not a
   * timing assertion.
   */
  public void waitFor(String what, String expression) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    // While a page loads, document.body may not exist yet: that counts as "not yet".
    String poll =
        "(() => { try { return Boolean(" + expression + "); } catch (e) { return false; } })()";
    while (!evaluate(poll).asBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting for "
                + what
                + "; page shows: "
                + evaluate("document.body.innerText"));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public void viewport(int width, int height, boolean mobile) {
    devTools.send(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
  }

  public void offline(boolean offline) {
    devTools.send(
        "Network.emulateNetworkConditions",
        Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
  }

  /** A PNG of the whole page (beyond the viewport). */
  public void screenshot(Path file) throws IOException {
    JsonNode metrics = devTools.send("Page.getLayoutMetrics");
    JsonNode size = metrics.path("cssContentSize");
    JsonNode shot =
        devTools.send(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of(
                    "x", 0,
                    "y", 0,
                    "width", size.path("width").asDouble(),
                    "height", Math.min(6000, size.path("height").asDouble()),
                    "scale", 1)));
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  /**
   * Console errors, uncaught exceptions and browser log errors since the last call, except log
   * entries {@code expected} accepts (e.g. the 401 that makes the page ask for its token).
   */
  public List<String> errors(Predicate<JsonNode> expected) {
    List<String> errors = new ArrayList<>();
    for (JsonNode event : devTools.events()) {
      String method = event.path("method").asText();
      JsonNode params = event.path("params");
      if (method.equals("Runtime.exceptionThrown")) {
        errors.add("exception: " + params.path("exceptionDetails"));
      } else if (method.equals("Runtime.consoleAPICalled")
          && (params.path("type").asText().equals("error")
              || params.path("type").asText().equals("assert"))) {
        errors.add("console." + params.path("type").asText() + ": " + params.path("args"));
      } else if (method.equals("Log.entryAdded")
          && params.path("entry").path("level").asText().equals("error")
          && !expected.test(params.path("entry"))) {
        errors.add("log: " + params.path("entry"));
      }
    }
    devTools.clearEvents();
    return errors;
  }

  /** URLs the page requested since the last {@link #errors} call. */
  public List<String> requestedUrls() {
    List<String> urls = new ArrayList<>();
    for (JsonNode event : devTools.events()) {
      if (event.path("method").asText().equals("Network.requestWillBeSent")) {
        urls.add(event.path("params").path("request").path("url").asText());
      }
    }
    return urls;
  }
}
