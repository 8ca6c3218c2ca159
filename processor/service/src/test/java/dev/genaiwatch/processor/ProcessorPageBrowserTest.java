package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaiwatch.processor.browser.HeadlessChromium;
import dev.genaiwatch.processor.browser.PageDriver;
import dev.genaiwatch.processor.ui.ReportCommand;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor's page in a real headless Chromium, against a real processor with a token, fed over
 * OTLP/HTTP with steady traffic, then traffic whose prompts shift after call 40 (raising drift
 * alarms) and some truncated answers. One browser and one processor for every check, in order: the
 * token prompt first (the token then stays in the tab's sessionStorage), the report of the shifted
 * state, and pinning the baseline last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessorPageBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "page-s3cret-token";
  private static final String TRACE_URL = "https://tempo.example/trace/{traceId}";
  private static final int SHIFT_AT_CALL = 41;
  private static final Path SHOTS = Path.of("target/ui-screenshots");

  @TempDir static Path dir;
  private TestProcessor processor;
  private HeadlessChromium chromium;
  private PageDriver page;
  private String base;
  private final HttpClient http = HttpClient.newHttpClient();
  private boolean expectUnauthorized;

  @BeforeAll
  void startProcessorTrafficAndBrowser() throws Exception {
    Path tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    Map<String, String> settings = new HashMap<>(DriftDetectionTest.smallWindows(false));
    settings.put("auth.token.file", tokenFile.toString());
    settings.put("ui.trace.url", TRACE_URL);
    processor = TestProcessor.start(dir.resolve("data"), settings);
    base = "http://127.0.0.1:" + processor.processor.httpPort();
    for (int i = 0; i < 80; i++) {
      boolean shifted = i >= SHIFT_AT_CALL - 1;
      String prompt =
          shifted ? DriftDetectionTest.SHIFTED.get(i % 5) : DriftDetectionTest.STEADY.get(i % 8);
      long input = shifted ? 60 + i % 7 : 12 + i % 5;
      send("shop", call("m", i, input, prompt, shifted && i % 3 == 0 ? "length" : "stop"));
    }
    for (int i = 0; i < 12; i++) {
      send("support", call("m2", i, 200 + i, "Summarise ticket " + i, "stop"));
    }
    TestProcessor.await(
        "a drift alarm for the shifted key",
        () ->
            !startedAlarms(shiftedKey()).isEmpty() && api("/api/calls").path("calls").size() == 92);
    chromium = HeadlessChromium.start(dir.resolve("chromium-profile"));
    page = new PageDriver(chromium.page());
    page.viewport(1280, 900, false);
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (processor != null) {
      processor.close();
    }
  }

  /** Every check ends without a console error, an uncaught exception or a browser error log. */
  @AfterEach
  void noConsoleErrors() {
    if (page != null) {
      assertThat(page.errors(expectedLogEntries())).isEmpty();
      expectUnauthorized = false;
    }
  }

  /**
   * A processor with the latency split switched off answers /api/latency with 404 (the section is
   * then left out); the token prompt follows a 401.
   */
  private Predicate<JsonNode> expectedLogEntries() {
    return entry ->
        entry.path("source").asText().equals("network")
            && (entry.path("url").asText().endsWith("/api/latency")
                || (expectUnauthorized && entry.path("text").asText().contains("401")));
  }

  @Test
  @Order(1)
  void asksForTheTokenOnceKeepsItInTheTabAndNeverInTheUrl() {
    expectUnauthorized = true;
    page.navigate(base + "/ui/");
    page.waitFor("the token prompt", "document.body.dataset.rendered === 'auth'");
    type("wrong-token");
    page.waitFor(
        "the prompt again, saying the token was refused",
        "document.body.dataset.rendered === 'auth' && document.body.innerText.includes('refused')");
    type(TOKEN);
    page.waitFor("the overview", "document.body.dataset.rendered === 'overview'");

    assertThat(page.evaluate("sessionStorage.getItem('genai-watch.token')").asText())
        .isEqualTo(TOKEN);
    page.navigate(base + "/ui/#overview");
    page.waitFor(
        "the overview after a reload, without asking again",
        "document.body.dataset.rendered === 'overview'");
    assertThat(page.evaluate("location.href").asText()).doesNotContain(TOKEN);
    assertThat(page.requestedUrls()).noneMatch(url -> url.contains(TOKEN));
  }

  @Test
  @Order(2)
  void overviewShowsTheNumbersTheApiComputes() throws IOException {
    show("overview");
    JsonNode overview = api("/api/overview");
    JsonNode rows =
        page.evaluate(
            "[...document.querySelectorAll('#overview-table tbody tr')].map(r => ({service:"
                + " r.dataset.service, model: r.dataset.model, cells:"
                + " Object.fromEntries([...r.querySelectorAll('td[data-field]')].map(c =>"
                + " [c.dataset.field, c.textContent]))}))");

    assertThat(rows).hasSize(2);
    for (JsonNode group : overview.path("groups")) {
      JsonNode row = find(rows, group.path("service").asText(), group.path("model").asText());
      assertThat(row.path("cells").path("calls").asText()).isEqualTo(group.path("calls").asText());
      assertThat(row.path("cells").path("errors").asText())
          .isEqualTo(group.path("errors").asText());
      for (String field : List.of("durationP50", "durationP95", "ttftP50", "ttftP95")) {
        assertThat(row.path("cells").path(field).asText())
            .as(field)
            .isEqualTo(String.format(Locale.ROOT, "%.3f s", group.path(field).asDouble()));
      }
      assertThat(row.path("cells").path("tokensPerSecond").asText())
          .isEqualTo(String.format(Locale.ROOT, "%.1f", group.path("tokensPerSecond").asDouble()));
      assertThat(row.path("cells").path("cacheHitRatio").asText())
          .isEqualTo(
              String.format(Locale.ROOT, "%.1f %%", 100 * group.path("cacheHitRatio").asDouble()));
    }
    assertThat(overview.path("groups").get(0).path("calls").asInt()).isEqualTo(80);
    assertThat(overview.path("groups").get(0).path("errors").asInt()).isEqualTo(4);
    assertThat(nonEmptyCanvases("[data-chart^=overview-]")).isGreaterThanOrEqualTo(6);
    // No model server sends llm_request spans here: the latency split says it has nothing joined.
    assertThat(page.evaluate("document.getElementById('latency').textContent").asText())
        .contains("No call joined with a model-server span yet");
    page.screenshot(SHOTS.resolve("overview.png"));
  }

  @Test
  @Order(3)
  void driftChartsRenderForTheShiftedKeyWithTheAlarmWhereTheShiftStarted() throws IOException {
    show("drift");
    JsonNode key = shiftedKey();
    List<Long> started = startedAlarms(key);
    JsonNode alarm = key.path("alarmHistory").get(0);
    String feature = alarm.path("feature").asText();
    String card = "#view-drift [data-feature='" + feature + "']";

    assertThat(page.evaluate("document.querySelector('#drift-key').dataset.key").asText())
        .isEqualTo(DriftDetectionTest.KEY);
    assertThat(feature).isIn("input_tokens", "prompt_length", "prompt_lexical");
    assertThat(nonEmptyCanvases(card + " [data-chart=distribution]")).isEqualTo(1);
    assertThat(nonEmptyCanvases(card + " [data-chart=history]")).isEqualTo(1);
    String markers =
        page.evaluate(
                "document.querySelector(\"" + card + " [data-chart=history]\").dataset.markers")
            .asText();
    assertThat(markers).contains(Long.toString(alarm.path("call").asLong()));
    assertThat(redPixelsInColumnOf(card + " [data-chart=history]", alarm.path("call").asLong()))
        .as("the alarm marker drawn at its call")
        .isGreaterThan(20);
    // The detector fires on the shifted calls, within one window of the first of them.
    assertThat(started.get(0)).isBetween((long) SHIFT_AT_CALL, SHIFT_AT_CALL + 20L);
    assertThat(page.evaluate("document.getElementById('alarms').innerText").asText())
        .contains(alarm.path("effect").asText());
    assertThat(
            page.evaluate("document.querySelectorAll('#view-drift [data-chart] canvas').length")
                .asInt())
        .isGreaterThanOrEqualTo(key.path("distributions").size());
    page.screenshot(SHOTS.resolve("drift.png"));
  }

  @Test
  @Order(4)
  void evaluationsShowTheHeuristicFlagsAndTheFlaggedCalls() {
    show("evaluations");
    JsonNode evaluations = api("/api/evaluations");
    int truncated = evaluations.path("flags").path("totals").path("truncated").asInt();

    assertThat(truncated).isEqualTo(13);
    assertThat(
            page.evaluate(
                    "document.querySelector(\"#flag-totals tr[data-check=truncated]"
                        + " td[data-field=flagged]\").textContent")
                .asText())
        .isEqualTo(Integer.toString(truncated));
    assertThat(
            page.evaluate(
                    "document.querySelectorAll('#flagged-calls tbody tr:not(.detail)').length")
                .asInt())
        .isEqualTo(evaluations.path("flagged").size());
    assertThat(nonEmptyCanvases("[data-chart=flag-rates]")).isEqualTo(1);
  }

  @Test
  @Order(5)
  void aCallLinksToItsTraceThroughTheTemplate() {
    show("calls");
    JsonNode newest = api("/api/calls?limit=1").path("calls").get(0);
    page.evaluate("document.querySelector('#calls-table tbody tr').click()");

    assertThat(page.evaluate("document.querySelector('#calls-table a[data-trace]').href").asText())
        .isEqualTo(TRACE_URL.replace("{traceId}", newest.path("traceId").asText()));
    assertThat(page.evaluate("document.querySelector('#calls-table pre').textContent").asText())
        .contains("gen_ai.request.model");
  }

  @Test
  @Order(6)
  void aNarrowScreenHasNoHorizontalOverflow() throws IOException {
    page.viewport(390, 844, true);
    try {
      for (String tab : List.of("overview", "drift", "evaluations", "calls")) {
        show(tab);
        assertThat(
                page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
                    .asBoolean())
            .as(tab + " fits 390 px")
            .isTrue();
        if (tab.equals("drift")) {
          page.screenshot(SHOTS.resolve("drift-mobile.png"));
        }
      }
    } finally {
      page.viewport(1280, 900, false);
    }
  }

  @Test
  @Order(8)
  void pinningTheWindowMakesItTheBaseline() {
    // Back from the report's file: the tab's sessionStorage for the processor still holds the
    // token.
    page.navigate(base + "/ui/#drift");
    page.waitFor("the live drift view", "document.body.dataset.rendered === 'drift'");
    page.evaluate("document.getElementById('pin').click()");
    page.evaluate("document.getElementById('pin-confirm').click()");
    page.waitFor(
        "the pinned key",
        "(document.getElementById('pin-status') || {}).textContent === 'pinned: the current window"
            + " is now the reference'");

    assertThat(shiftedKey().path("pinned").asBoolean()).isTrue();
  }

  @Test
  @Order(7)
  void theReportIsOneFileThatRendersOffline() throws IOException {
    Path report = Path.of("target/ui-report/report.html").toAbsolutePath();
    Files.createDirectories(report.getParent());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ReportCommand.run(
            new String[] {
              "--from",
              base,
              "--out",
              report.toString(),
              "--token-file",
              dir.resolve("token").toString()
            },
            Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();

    page.offline(true);
    try {
      page.errors(e -> true);
      page.navigate(report.toUri().toString());
      page.waitFor("the report's drift view", "document.body.dataset.rendered === 'drift'");
      assertThat(nonEmptyCanvases("#view-drift [data-chart=distribution]"))
          .isGreaterThanOrEqualTo(5);
      assertThat(nonEmptyCanvases("#view-drift [data-chart=history]")).isGreaterThanOrEqualTo(1);
      page.screenshot(SHOTS.resolve("report-drift.png"));
      show("evaluations");
      assertThat(page.evaluate("document.getElementById('flag-totals') !== null").asBoolean())
          .isTrue();
      assertThat(page.requestedUrls())
          .allMatch(url -> url.startsWith("file:") || url.startsWith("data:"));
    } finally {
      page.offline(false);
    }
  }

  /** Clicks the tab and waits until it has rendered anew. */
  private void show(String tab) {
    int before = page.evaluate("Number(document.body.dataset.renders || 0)").asInt();
    page.evaluate("document.querySelector(\"#tabs button[data-tab='" + tab + "']\").click()");
    page.waitFor(
        tab,
        "document.body.dataset.rendered === '"
            + tab
            + "' && Number(document.body.dataset.renders) > "
            + before);
  }

  private void type(String token) {
    page.evaluate(
        "document.getElementById('token').value = '"
            + token
            + "'; document.getElementById('token-submit').click()");
  }

  /** How many of the charts under {@code selector} have a canvas with anything drawn on it. */
  private int nonEmptyCanvases(String selector) {
    return page.evaluate(
            "[...document.querySelectorAll(\""
                + selector
                + " canvas\")].filter(c => { const d = c.getContext('2d').getImageData(0, 0,"
                + " c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if"
                + " (d[i] > 0) n++; return n > 200; }).length")
        .asInt();
  }

  /**
   * Red pixels (the alarm marker's colour) in the canvas column where the chart draws {@code x}.
   */
  private int redPixelsInColumnOf(String chart, long x) {
    return page.evaluate(
            "(() => { const u = document.querySelector(\""
                + chart
                + "\").uplot; const px = Math.round(u.valToPos("
                + x
                + ", 'x', true)); const c = u.ctx; const d = c.getImageData(px - 1, u.bbox.top, 3,"
                + " u.bbox.height).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] >"
                + " 150 && d[i + 1] < 100 && d[i + 2] < 100) n++; return n; })()")
        .asInt();
  }

  private static JsonNode find(JsonNode rows, String service, String model) {
    for (JsonNode row : rows) {
      if (row.path("service").asText().equals(service)
          && row.path("model").asText().equals(model)) {
        return row;
      }
    }
    throw new AssertionError("no row for " + service + " " + model + " in " + rows);
  }

  private JsonNode shiftedKey() {
    for (JsonNode key : api("/api/drift").path("keys")) {
      if (key.path("id").asText().equals(DriftDetectionTest.KEY)) {
        return key;
      }
    }
    return JSON.createObjectNode();
  }

  private static List<Long> startedAlarms(JsonNode key) {
    List<Long> calls = new ArrayList<>();
    for (JsonNode alarm : key.path("alarmHistory")) {
      if (alarm.path("started").asBoolean()) {
        calls.add(alarm.path("call").asLong());
      }
    }
    return calls;
  }

  private JsonNode api(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Authorization", "Bearer " + TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private void send(String service, Span span) {
    HttpResponse<String> response =
        processor.client.post(
            "/v1/traces",
            "application/x-protobuf",
            GenAiCalls.request(service, span).toByteArray(),
            TOKEN);
    assertThat(response.statusCode()).isEqualTo(200);
  }

  /**
   * A chat call with client-side timing and cache usage; every 20th fails. Its finish reason is
   * {@code finish}.
   */
  private static Span call(String model, int i, long input, String prompt, String finish) {
    Span.Builder span = GenAiCalls.chat(model, input, 30, prompt).toBuilder();
    for (int a = 0; a < span.getAttributesCount(); a++) {
      if (span.getAttributes(a).getKey().equals("gen_ai.response.finish_reasons")) {
        span.setAttributes(a, GenAiCalls.finishReasons(finish));
      }
    }
    span.addAttributes(
            GenAiCalls.decimal("gen_ai.response.time_to_first_chunk", 0.05 + (i % 10) * 0.01))
        .addAttributes(GenAiCalls.decimal("genai_watch.output_tokens_per_second", 40 + i % 7))
        .addAttributes(
            GenAiCalls.integer("gen_ai.usage.cache_read.input_tokens", input / 2 * (i % 2)));
    if (i % 20 == 5) {
      span.addAttributes(GenAiCalls.string("error.type", "timeout"))
          .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    return span.build();
  }
}
