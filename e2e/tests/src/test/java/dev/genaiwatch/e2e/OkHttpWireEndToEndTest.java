package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ReceivedRequest;
import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.simulator.SimulatedLlmServer;
import dev.genaiwatch.testing.OtlpReceiver;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.TelemetryDump;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Raw OkHttp 5 code (execute, enqueue, okhttp-sse) and the OpenAI Java SDK (which runs on the same
 * OkHttp) against the simulated vLLM-like server, with the real agent jar in a forked JVM and
 * without it: the raw OkHttp scenarios get wire-level spans, the SDK calls keep exactly one span
 * (the SDK's), the application receives the same bytes either way, and every LLM request carries
 * its span's {@code traceparent} to the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OkHttpWireEndToEndTest extends AgentComparisonTest {
  static final String OKHTTP_SCENARIOS =
      "okhttp-chat,okhttp-chat-async,okhttp-chat-stream-async,okhttp-sse,"
          + "okhttp-chat-stream-early-close,okhttp-prefix-cache,okhttp-not-llm,okhttp-responses";
  static final String SDK_SCENARIOS =
      "openai-chat,openai-chat-stream,openai-chat-async,openai-chat-stream-async,"
          + "openai-responses,openai-responses-stream";
  static final double TTFT_MS = 60;

  List<ReceivedSpan> clientSpans;
  List<ReceivedSpan> okhttpSpans;
  List<ServedResponse> served;
  List<ReceivedRequest> received;

  @BeforeAll
  void runScenariosWithAndWithoutAgent() {
    receiver = OtlpReceiver.start();
    // The testapp on OkHttp 5.5.1 with openai-java 4.101.0 (the OkHttp 4 leg names its own jar).
    runTestappOnFreshServers(
        OkHttpWireEndToEndTest::startServer,
        OKHTTP_SCENARIOS,
        OKHTTP_SCENARIOS + "," + SDK_SCENARIOS,
        UnaryOperator.identity());
    served = server.served();
    received = server.received();
    clientSpans = awaitSpans(s -> "CLIENT".equals(s.kind()), served.size());
    okhttpSpans =
        clientSpans.stream()
            .filter(s -> "okhttp".equals(s.attrString("genai_watch.instrumentation")))
            .toList();
  }

  static SimulatedLlmServer startServer() {
    return AgentRun.fastServer(TTFT_MS);
  }

  @Test
  void theApplicationReceivesTheSameBytesWithAndWithoutTheAgent() {
    AgentRun.assertExitedNormally(withAgent, withoutAgent);
    List<String> okhttpLines =
        withAgent.appStdoutLines().stream().filter(l -> l.startsWith("okhttp-")).toList();
    assertThat(okhttpLines).isEqualTo(withoutAgent.appStdoutLines());
    assertThat(okhttpLines).filteredOn(l -> l.contains("sha256=")).hasSize(10);
  }

  @Test
  void exactlyOneClientSpanPerLlmCallIncludingTheSdkCallsThatRunOnOkHttp() {
    String dump = TelemetryDump.describe(receiver.telemetry());
    assertThat(clientSpans).as(dump).hasSize(served.size());
    assertThat(receiver.telemetry().spans()).as(dump).hasSize(served.size());
    Map<String, Long> perId =
        clientSpans.stream()
            .collect(
                Collectors.groupingBy(
                    s -> String.valueOf(s.attrString("gen_ai.response.id")),
                    Collectors.counting()));
    assertThat(perId.keySet()).containsAll(served.stream().map(ServedResponse::id).toList());
    assertThat(perId.values()).as(dump).allMatch(n -> n == 1);
    // 9 raw OkHttp calls; the SDK's 6 calls (Responses API included) are the SDK's spans, never the
    // wire level's.
    assertThat(okhttpSpans).as(dump).hasSize(9);
    assertThat(clientSpans)
        .filteredOn(s -> "openai-java".equals(s.attrString("genai_watch.instrumentation")))
        .hasSize(served.size() - 9);
    assertThat(clientSpans)
        .filteredOn(
            s ->
                "openai-java".equals(s.attrString("genai_watch.instrumentation"))
                    && "responses".equals(s.attrString("openai.api.type")))
        .hasSize(2);
  }

  @Test
  void executedChatCarriesRequestParametersUsageAndLogprobs() {
    ReceivedSpan span = spanWithInput("Budapest");
    ServedResponse truth = servedFor(span);
    assertThat(span.name()).isEqualTo("chat qwen2.5-7b-instruct");
    assertThat(span.attributes())
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", "openai")
        .containsEntry("gen_ai.request.max_tokens", 24L)
        .containsEntry("gen_ai.request.temperature", 0.3)
        .containsEntry("gen_ai.request.top_p", 0.8)
        .containsEntry("gen_ai.request.seed", 11L)
        .containsEntry("gen_ai.request.stream", false)
        .containsEntry("gen_ai.response.model", truth.model())
        .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("gen_ai.response.finish_reasons", List.of(truth.finishReason()))
        .containsEntry("server.address", "127.0.0.1")
        .containsEntry("server.port", (long) server.port());
    assertThat(span.attrString("gen_ai.system_instructions"))
        .contains("You are a terse assistant.");
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(truth.outputText()));
    assertThat(span.attrDouble("genai_watch.logprobs.mean")).isBetween(-5.0, 0.0);
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
  }

  @Test
  void enqueuedChatEndsWithTheBody() {
    ReceivedSpan span = spanWithInput("spring flowers");
    assertThat(span.attributes())
        .containsEntry("gen_ai.usage.output_tokens", (long) servedFor(span).completionTokens());
    assertThat(span.attrString("gen_ai.output.messages"))
        .contains(ServedSpans.json(servedFor(span).outputText()));
  }

  @Test
  void enqueuedAndEventSourceStreamsMeasureTimeToFirstChunkAndTakeUsageFromTheUsageChunk() {
    for (String input : List.of("lighthouse", "river delta")) {
      ReceivedSpan span = spanWithInput(input);
      ServedResponse truth = servedFor(span);
      assertThat(truth.includeUsage()).isTrue();
      assertThat(span.attributes())
          .containsEntry("gen_ai.request.stream", true)
          .containsEntry("gen_ai.usage.input_tokens", (long) truth.promptTokens())
          .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
          .containsEntry("gen_ai.usage.cache_read.input_tokens", (long) truth.cachedTokens())
          .containsEntry("genai_watch.stream.chunks", (long) truth.chunkCount())
          .doesNotContainKey("genai_watch.usage.estimated")
          .doesNotContainKey("genai_watch.stream.end");
      assertThat(span.attrDouble("gen_ai.response.time_to_first_chunk"))
          .isGreaterThanOrEqualTo(truth.injectedFirstTokenDelayNanos() / 1e9)
          .isLessThanOrEqualTo(span.durationSeconds());
      assertThat(span.attrString("gen_ai.output.messages"))
          .contains(ServedSpans.json(truth.outputText()));
    }
  }

  @Test
  void streamClosedAfterThreeEventsEndsClosedWithWhatArrived() {
    ReceivedSpan span = spanWithInput("alphabet");
    assertThat(span.attributes()).containsEntry("genai_watch.stream.end", "closed");
    assertThat(span.attrLong("genai_watch.stream.chunks"))
        .isBetween(3L, (long) servedFor(span).chunkCount());
    assertThat(span.statusCode()).isNotEqualTo("ERROR");
  }

  @Test
  void secondPromptSharingAPrefixReportsTheServersCachedTokens() {
    ReceivedSpan span = spanWithInput("Bratislava");
    ServedResponse truth = servedFor(span);
    assertThat(truth.cachedTokens()).isPositive();
    assertThat(span.attributes())
        .containsEntry("gen_ai.usage.cache_read.input_tokens", (long) truth.cachedTokens());
  }

  @Test
  void everyLlmRequestCarriedItsSpansTraceparentToTheServer() {
    List<ReceivedRequest> llmRequests =
        received.stream()
            .filter(
                r -> r.path().equals("/v1/chat/completions") || r.path().equals("/v1/responses"))
            .toList();
    assertThat(llmRequests).hasSize(served.size());
    Set<String> propagated =
        llmRequests.stream()
            .map(ReceivedRequest::traceparent)
            .filter(tp -> tp != null)
            .collect(Collectors.toSet());
    // Raw OkHttp: the wire-level span. SDK calls: the SDK's span, added where the SDK prepares the
    // request, on the caller's thread also for the async client, which sends from a pool thread.
    assertThat(propagated).hasSize(served.size());
    ServedSpans.assertEachPropagated(propagated, clientSpans);
    assertThat(received)
        .filteredOn(r -> r.path().equals("/v1/models"))
        .singleElement()
        .satisfies(r -> assertThat(r.traceparent()).isNull());
  }

  @Test
  void responsesApiJsonAndSseAreChatSpansMatchingWhatWasServedWithTheirTraceparent() {
    ReceivedSpan json = spanWithInput("Name a red fruit.");
    ReceivedSpan sse = spanWithInput("Describe a fjord.");
    ResponsesWireSpans.assertJsonAndSse(json, sse, this::servedFor, "okhttp", server.port());
  }

  @Test
  void noSecretHeaderOrQueryStringEverLeavesTheProcess() {
    assertNoSecretOrHeaderWasExported(
        clientSpans,
        "sk-testapp-0123456789abcdefghij",
        "query-secret-0123",
        "api-key=",
        "/v1/chat");
  }

  /**
   * The agent carries no OkHttp under its real names (its OTLP sender's copy is relocated), and the
   * OkHttp instrumentation refers to the application's {@code okhttp3}/{@code okio} classes, not to
   * a relocated copy.
   */
  @Test
  void agentJarLinksTheInstrumentationToTheApplicationsOkHttp() throws Exception {
    try (JarFile jar = new JarFile(AgentRun.agentJar().toFile())) {
      List<String> names = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
      assertThat(names)
          .noneMatch(
              n -> n.startsWith("okhttp3/") || n.startsWith("okio/") || n.startsWith("kotlin/"));
      assertThat(names).anyMatch(n -> n.startsWith("dev/genaiwatch/shaded/okhttp3/"));
      String interceptor;
      try (InputStream in =
          jar.getInputStream(
              jar.getJarEntry(
                  "dev/genaiwatch/instrumentation/okhttp/GenAiWatchInterceptor.class"))) {
        interceptor = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      }
      assertThat(interceptor).contains("okhttp3/Interceptor").doesNotContain("shaded/okhttp3");
    }
  }

  ReceivedSpan spanWithInput(String fragment) {
    return ServedSpans.withInput(okhttpSpans, fragment, this::describeRun);
  }

  ServedResponse servedFor(ReceivedSpan span) {
    return ServedSpans.servedFor(served, span);
  }
}
