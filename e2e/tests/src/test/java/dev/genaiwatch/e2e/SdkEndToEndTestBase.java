package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ReceivedRequest;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.ForkedJvm;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
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
abstract class SdkEndToEndTestBase {
  static final double TTFT_MS = 60;

  SimulatedLlmServer server;
  OtlpReceiver receiver;
  ForkedJvm.Result withAgent;
  ForkedJvm.Result withoutAgent;
  List<ReceivedSpan> spans;
  List<ServedResponse> served;
  List<ReceivedRequest> received;

  /** The testapp scenarios to run, comma-separated. */
  abstract String scenarios();

  /** The {@code genai_watch.instrumentation} of the spans under test. */
  abstract String instrumentation();

  Path javaHome() {
    return ForkedJvm.Jdks.current();
  }

  Path appJar() {
    return AgentRun.testappJar();
  }

  @BeforeAll
  void runTestappWithAndWithoutAgent() {
    server = AgentRun.fastServer(TTFT_MS);
    receiver = OtlpReceiver.start();
    withoutAgent =
        AgentRun.testapp(
                appJar(), javaHome(), false, scenarios(), server.baseUrl(), receiver.httpEndpoint())
            .run();
    server.clearServed();
    server.clearPrefixCache();
    int before = server.received().size();
    withAgent =
        AgentRun.testapp(
                appJar(), javaHome(), true, scenarios(), server.baseUrl(), receiver.httpEndpoint())
            .run();
    served = server.served();
    List<ReceivedRequest> all = server.received();
    received = all.subList(before, all.size());
    spans =
        receiver
            .telemetry()
            .awaitSpans(
                s -> instrumentation().equals(s.attrString("genai_watch.instrumentation")),
                served.size(),
                Duration.ofSeconds(30));
  }

  @AfterAll
  void stop() {
    if (receiver != null) {
      receiver.close();
    }
    if (server != null) {
      server.close();
    }
  }

  ReceivedSpan spanWithInput(String fragment) {
    return ServedSpans.withInput(spans, fragment, () -> spans.toString());
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
    assertThat(withAgent.exitCode()).as(withAgent.describe()).isZero();
    assertThat(withoutAgent.exitCode()).as(withoutAgent.describe()).isZero();
    assertThat(withAgent.appStdoutLines()).isEqualTo(withoutAgent.appStdoutLines());
    assertThat(withAgent.stdout()).contains(rateLimitedLine()).doesNotContain("FAILED");
  }

  @Test
  void theAgentLogsNothingInNormalOperation() {
    assertThat(withAgent.genaiWatchLogLines()).as(withAgent.stderr()).isEmpty();
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
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
                + "\"content\":\"What is the capital of Italy? Copy the answer to <EMAIL>.\"}]}]");
    assertThat(span.attrString("gen_ai.system_instructions"))
        .isEqualTo("[{\"type\":\"text\",\"content\":\"You are a concise assistant.\"}]");
    assertThat(span.attrString("gen_ai.output.messages"))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
                + ServedSpans.json(truth.outputText())
                + "}],\"finish_reason\":\""
                + finishReason(truth)
                + "\"}]");
    assertThat(span.attrLong("genai_watch.content.redactions")).isEqualTo(1L);
  }

  @Test
  void streamClosedEarlyByTheApplicationStillEndsItsSpan() {
    ReceivedSpan span = spanWithInput("Count slowly");
    assertThat(span.attributes())
        .containsEntry("genai_watch.stream.end", "closed")
        .containsEntry("genai_watch.stream.chunks", 3L);
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
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
