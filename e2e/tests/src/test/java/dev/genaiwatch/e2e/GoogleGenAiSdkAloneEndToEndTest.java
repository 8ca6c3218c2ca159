package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ReceivedRequest;
import dev.genaiwatch.simulator.ServedResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GoogleGenAiSdkStartup}: Google's Gen AI SDK alone, one streamed call read to its end (its
 * package-private models method, the protected request builder and the stream's iterator are all
 * hooked).
 */
class GoogleGenAiSdkAloneEndToEndTest extends SdkAloneTestBase {
  @Override
  String mainClass() {
    return "dev.genaiwatch.testapp.scenario.GoogleGenAiSdkStartup";
  }

  @Override
  String serverUrl() {
    return server.rootUrl();
  }

  @Override
  String scenario() {
    return "google-genai-sdk-startup";
  }

  @Override
  List<String> hookedClasses() {
    return List.of(
        "com.google.genai.Models", "com.google.genai.ApiClient", "com.google.genai.ResponseStream");
  }

  @Test
  void theStreamedCallHasItsSpanWithWhatTheServerServed() {
    assertThat(server.served()).hasSize(1);
    ServedResponse truth = server.served().get(0);
    assertThat(chat.attrString("genai_watch.instrumentation")).isEqualTo("google-genai");
    assertThat(chat.attributes())
        .containsEntry("gen_ai.request.stream", true)
        .containsEntry("gen_ai.response.model", truth.model())
        .containsEntry("gen_ai.usage.output_tokens", (long) truth.completionTokens())
        .containsEntry("genai_watch.stream.chunks", (long) truth.chunkCount())
        .doesNotContainKey("genai_watch.stream.end");
    assertThat(withAgent.appStdoutLines())
        .anySatisfy(line -> assertThat(line).endsWith(" chars=" + truth.outputText().length()));
  }

  @Test
  void theRequestCarriesTheSpansTraceparent() {
    List<ReceivedRequest> calls =
        server.received().stream().filter(r -> r.path().contains("/models/")).toList();
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).traceparent()).contains(chat.traceId()).contains(chat.spanId());
  }
}
