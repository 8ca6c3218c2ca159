package dev.genaiwatch.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.simulator.ReceivedRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code OpenAiSdkStartup}: the OpenAI Java SDK alone, one non-streamed chat call. */
class OpenAiSdkAloneEndToEndTest extends SdkAloneTestBase {
  @Override
  String mainClass() {
    return "dev.genaiwatch.testapp.scenario.OpenAiSdkStartup";
  }

  @Override
  String serverUrl() {
    return server.baseUrl();
  }

  @Override
  String scenario() {
    return "openai-sdk-startup";
  }

  @Override
  List<String> hookedClasses() {
    return List.of(
        "com.openai.services.blocking.chat.ChatCompletionServiceImpl",
        "com.openai.core.PrepareRequest");
  }

  @Test
  void theCallHasItsSpanWithWhatTheServerServed() {
    assertThat(server.served()).hasSize(1);
    assertThat(chat.attrString("gen_ai.response.id")).isEqualTo(server.served().get(0).id());
    assertThat(withAgent.appStdoutLines())
        .anySatisfy(
            line -> assertThat(line).endsWith(" response_id=" + server.served().get(0).id()));
    assertThat(chat.attrString("genai_watch.instrumentation")).isEqualTo("openai-java");
    assertThat(chat.attrString("server.address")).isEqualTo("127.0.0.1");
    assertThat(chat.attrString("gen_ai.request.model")).isEqualTo("qwen2.5-7b-instruct");
  }

  @Test
  void theRequestCarriesTheSpansTraceparent() {
    List<ReceivedRequest> chats =
        server.received().stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
    assertThat(chats).hasSize(1);
    assertThat(chats.get(0).traceparent()).contains(chat.traceId()).contains(chat.spanId());
  }
}
