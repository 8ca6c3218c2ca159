package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ReceivedRequest;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One SDK's testapp scenarios with the real agent jar in a forked JVM, and without it for the
 * reference output, against one simulated server (fixed TTFT, 1 ms per token) and one OTLP
 * receiver: what every SDK's end-to-end test starts from. Subclasses pick the scenarios, the
 * instrumentation whose spans they check, and (for the JDK 25 and oldest-SDK legs) the JDK and the
 * testapp jar.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SdkEndToEndTestBase extends AgentComparisonTest {
  static final double TTFT_MS = 60;

  List<ReceivedSpan> spans;
  List<ServedResponse> served;
  List<ReceivedRequest> received;

  /** The testapp scenarios to run, comma-separated. */
  abstract String scenarios();

  /** The {@code genai_watch.instrumentation} of the spans under test. */
  abstract String instrumentation();

  @BeforeAll
  void runTestappWithAndWithoutAgent() {
    server = AgentRun.fastServer(TTFT_MS);
    receiver = OtlpReceiver.start();
    withoutAgent = testapp(false, scenarios(), server).run();
    server.clearServed();
    server.clearPrefixCache();
    int before = server.received().size();
    withAgent = testapp(true, scenarios(), server).run();
    served = server.served();
    List<ReceivedRequest> all = server.received();
    received = all.subList(before, all.size());
    spans = awaitInstrumentationSpans(instrumentation(), served.size());
  }

  ReceivedSpan spanWithInput(String fragment) {
    return ServedSpans.withInput(spans, fragment, () -> spans.toString());
  }

  /** The spans whose captured input contains {@code fragment}, in the order they started. */
  List<ReceivedSpan> spansWithInput(String fragment) {
    return spans.stream()
        .filter(s -> String.valueOf(s.attrString("gen_ai.input.messages")).contains(fragment))
        .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
        .toList();
  }

  /**
   * A tool loop of two calls whose first answered with a call of {@code tool}, ending for {@code
   * finishReason}, as the server served it; returns that served call.
   */
  ServedResponse.ToolCall assertFirstCallAskedForTheTool(
      List<ReceivedSpan> loop, String tool, String finishReason) {
    assertThat(loop).hasSize(2);
    ServedResponse.ToolCall call = servedFor(loop.get(0)).toolCalls().get(0);
    assertThat(loop.get(0).attributes())
        .containsEntry("gen_ai.response.finish_reasons", List.of(finishReason));
    assertThat(loop.get(0).attrString("gen_ai.output.messages"))
        .isEqualTo(ServedSpans.assistantToolCall(call, tool, finishReason));
    return call;
  }

  ServedResponse servedFor(ReceivedSpan span) {
    return ServedSpans.servedFor(served, span);
  }

  /**
   * One CLIENT span per served request, and each answered request's response id on exactly one
   * span.
   */
  void assertOneClientSpanPerServedRequest() {
    assertOneClientSpanPerServedRequest(s -> true);
  }

  /** As above, where only the answers {@code sentWithId} carry their id in the response. */
  void assertOneClientSpanPerServedRequest(Predicate<ServedResponse> sentWithId) {
    assertThat(spans).hasSize(served.size()).allMatch(s -> s.kind().equals("CLIENT"));
    List<String> ok =
        served.stream()
            .filter(s -> s.httpStatus() == 200 && sentWithId.test(s))
            .map(ServedResponse::id)
            .toList();
    Map<String, Long> perId =
        spans.stream()
            .filter(s -> s.attrString("gen_ai.response.id") != null)
            .collect(
                Collectors.groupingBy(
                    s -> s.attrString("gen_ai.response.id"), Collectors.counting()));
    assertThat(perId.keySet()).containsExactlyInAnyOrderElementsOf(ok);
    assertThat(perId.values()).allMatch(n -> n == 1);
  }

  /** The line the rate-limited call prints in the application's output. */
  abstract String rateLimitedLine();

  /** Whether a path the server saw is one of this API's model calls. */
  abstract boolean isModelPath(String path);

  /** The finish reason the span names for what the simulator served. */
  String finishReason(ServedResponse truth) {
    return truth.finishReason();
  }

  @Test
  void applicationOutputIsIdenticalWithAndWithoutTheAgent() {
    assertSameApplicationOutput().contains(rateLimitedLine()).doesNotContain("FAILED");
  }

  @Test
  void everyRequestTheServerSawCarriesTheTraceparentOfItsSpan() {
    List<ReceivedRequest> requests = received.stream().filter(r -> isModelPath(r.path())).toList();
    assertThat(requests)
        .hasSize(served.size())
        .allSatisfy(r -> assertThat(r.traceparent()).isNotNull());
    assertThat(spans)
        .allSatisfy(
            s ->
                assertThat(requests)
                    .anyMatch(
                        r ->
                            r.traceparent()
                                .startsWith("00-" + s.traceId() + "-" + s.spanId() + "-")));
  }

  @Test
  void contentIsCapturedAsSemconvJsonAndRedacted() {
    ReceivedSpan span = spanWithInput("capital of Italy");
    ServedResponse truth = servedFor(span);
    assertThat(span.attrString("gen_ai.input.messages"))
        .isEqualTo(
            ServedSpans.userMessage("What is the capital of Italy? Copy the answer to <EMAIL>."));
    ServedSpans.assertSystemAndTextAnswer(
        span, ServedSpans.TESTAPP_SYSTEM, truth.outputText(), finishReason(truth));
    assertThat(span.attrLong("genai_watch.content.redactions")).isEqualTo(1L);
  }

  @Test
  void streamClosedEarlyByTheApplicationStillEndsItsSpan() {
    ReceivedSpan span = spanWithInput("Count slowly");
    ServedSpans.assertClosedByTheApplicationAfter(span, 3);
  }

  @Test
  void asyncCallAndAsyncStreamSpansEndWithTheirUsage() {
    ReceivedSpan call = spanWithInput("primary colours");
    assertThat(call.attributes())
        .containsEntry("gen_ai.usage.output_tokens", (long) servedFor(call).completionTokens());
    assertThat(call.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(servedFor(call).outputText()));
    ReceivedSpan stream = spanWithInput("haiku about winter");
    assertThat(stream.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("gen_ai.usage.output_tokens", (long) servedFor(stream).completionTokens());
    assertThat(stream.attrDouble("gen_ai.response.time_to_first_chunk"))
        .isGreaterThanOrEqualTo(TTFT_MS / 1000);
  }

  @Test
  void aRateLimitedCallIsAnErrorSpanWithTheStatus() {
    ReceivedSpan span = spanWithInput("Rate-limited question");
    assertThat(span.statusCode()).isEqualTo("ERROR");
    assertThat(span.attributes()).containsEntry("error.type", "429");
  }
}
