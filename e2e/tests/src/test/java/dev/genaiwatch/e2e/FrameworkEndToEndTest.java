package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ServedResponse;
import dev.genaiwatch.testing.ReceivedSpan;
import dev.genaiwatch.testing.TelemetryDump;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A framework's scenarios (LangChain4j, Spring AI) run with and without the agent: the spans its
 * instrumentation exported, what the simulated server served, and the checks both frameworks' tests
 * make of them in the same way.
 */
abstract class FrameworkEndToEndTest extends AgentComparisonTest {
  List<ReceivedSpan> spans;
  List<ServedResponse> served;

  /**
   * After the agent run: what the server served, and the one span of each plus the framework spans.
   */
  void awaitSpansOf(String instrumentation, int frameworkSpans) {
    served = server.served();
    spans =
        awaitSpans(
            s -> instrumentation.equals(s.attrString("genai_watch.instrumentation")),
            served.size() + frameworkSpans);
  }

  /**
   * Every CLIENT span, whichever instrumentation made it, is {@code instrumentation}'s (the HTTP
   * client or SDK underneath adds none), there is one per request the server served, and each of
   * the {@code okChats} successful chat responses is on exactly one. Returns the response ids the
   * spans carry.
   */
  Set<String> assertOneClientSpanPerServedRequest(String instrumentation, int okChats) {
    List<ReceivedSpan> clientSpans =
        receiver.telemetry().spans().stream().filter(s -> s.kind().equals("CLIENT")).toList();
    assertThat(clientSpans)
        .as(TelemetryDump.describe(receiver.telemetry()))
        .allMatch(s -> instrumentation.equals(s.attrString("genai_watch.instrumentation")));
    assertThat(clientSpans).hasSize(served.size());
    Map<String, Long> spansPerResponseId = ServedSpans.countPerResponseId(clientSpans);
    List<String> okChatIds =
        served.stream()
            .filter(s -> s.endpoint().equals(ServedResponse.CHAT) && s.httpStatus() == 200)
            .map(ServedResponse::id)
            .toList();
    assertThat(okChatIds).hasSize(okChats);
    assertThat(spansPerResponseId.keySet()).containsAll(okChatIds);
    assertThat(spansPerResponseId.values()).allMatch(n -> n == 1);
    return spansPerResponseId.keySet();
  }

  /**
   * The testapp's plain chat call (its options, its system instruction, content captured) as a root
   * CLIENT span.
   */
  void assertTestappChatSpan(ReceivedSpan span, ServedResponse truth, String model) {
    assertThat(span.name()).isEqualTo("chat " + model);
    assertThat(span.kind()).isEqualTo("CLIENT");
    ServedSpans.assertChatWithTestappOptions(span, truth, model, server.port());
    assertThat(span.attributes()).containsEntry("genai_watch.content.redactions", 0L);
    ServedSpans.assertSystemAndTextAnswer(
        span, ServedSpans.TESTAPP_SYSTEM, truth.outputText(), truth.finishReason());
    assertThat(span.attrDouble("genai_watch.output_tokens_per_second")).isPositive();
    assertThat(span.isRoot()).isTrue();
  }

  /**
   * A streamed span: its time to first chunk is the server's injected delay or more, its output the
   * text served.
   */
  static void assertStreamedFromTheFirstChunk(ReceivedSpan span, ServedResponse truth) {
    ServedSpans.assertStreamedFromTheFirstChunk(span, truth);
  }

  /**
   * The RAG step's framework span records the two documents of {@code library} it retrieved, and
   * they are what the {@code chat} call's prompt was given.
   */
  static void assertRetrievedDocumentsWereTheChatsContext(
      ReceivedSpan rag, ReceivedSpan chat, List<String> library) {
    assertThat(rag.attributes()).containsEntry("genai_watch.rag.documents", 2L);
    String documents = rag.attrString("gen_ai.retrieval.documents");
    String prompt = chat.attrString("gen_ai.input.messages");
    List<String> retrieved = library.stream().filter(documents::contains).toList();
    assertThat(retrieved).hasSize(2);
    assertThat(retrieved).allMatch(prompt::contains);
    assertThat(documents).startsWith("[{\"id\":\"").contains("\"score\":");
  }

  /**
   * The server served {@code count} embeddings responses, and the embeddings spans report each
   * one's input tokens, {@code model}, the provider and the server's port.
   */
  void assertEmbeddingsSpansReportTheServedInputTokens(int count, String model) {
    List<ReceivedSpan> embeddings =
        spans.stream()
            .filter(s -> "embeddings".equals(s.attrString("gen_ai.operation.name")))
            .toList();
    List<Long> servedTokens =
        served.stream()
            .filter(s -> s.endpoint().equals(ServedResponse.EMBEDDINGS))
            .map(s -> (long) s.promptTokens())
            .toList();
    assertThat(servedTokens).hasSize(count);
    assertThat(embeddings)
        .extracting(s -> s.attrLong("gen_ai.usage.input_tokens"))
        .containsExactlyInAnyOrderElementsOf(servedTokens);
    assertThat(embeddings)
        .allSatisfy(
            s ->
                assertThat(s.attributes())
                    .containsEntry("gen_ai.request.model", model)
                    .containsEntry("gen_ai.provider.name", "openai")
                    .containsEntry("server.port", (long) server.port()));
  }

  ReceivedSpan spanWithInput(String fragment) {
    return ServedSpans.withInput(spans, fragment, this::describeRun);
  }

  List<ReceivedSpan> childrenOf(ReceivedSpan parent) {
    return spans.stream()
        .filter(s -> s.parentSpanId().equals(parent.spanId()))
        .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
        .toList();
  }

  ServedResponse servedFor(ReceivedSpan span) {
    return ServedSpans.servedFor(served, span);
  }
}
