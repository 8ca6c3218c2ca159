package dev.genaiwatch.instrumentation.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.LlmCall;

/** What every streamed chat request of the SDK (Chat Completions or Responses API) is read as. */
final class StreamedChatRequest {
  private StreamedChatRequest() {}

  static void assertRead(
      LlmCall call, String model, long maxTokens, double temperature, double topP) {
    assertThat(call.operation).isEqualTo(LlmCall.OP_CHAT);
    assertThat(call.instrumentation).isEqualTo("openai-java");
    assertThat(call.requestModel).isEqualTo(model);
    assertThat(call.stream).isTrue();
    assertThat(call.maxTokens).isEqualTo(maxTokens);
    assertThat(call.temperature).isEqualTo(temperature);
    assertThat(call.topP).isEqualTo(topP);
  }
}
