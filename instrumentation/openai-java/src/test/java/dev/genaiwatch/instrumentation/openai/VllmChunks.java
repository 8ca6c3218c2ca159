package dev.genaiwatch.instrumentation.openai;

import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletionChunk;
import dev.genaiwatch.core.GenAiWatchAttributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;

/**
 * A chat stream exactly as vLLM sends it with {@code stream_options.include_usage}: role, text,
 * finish, usage.
 */
final class VllmChunks {
  private VllmChunks() {}

  static ChatCompletionChunk chunk(String choicesAndRest) {
    return SdkJson.parse(
        "{\"id\":\"chatcmpl-7f3a\",\"object\":\"chat.completion.chunk\",\"created\":1733000000,"
            + "\"model\":\"Qwen/Qwen2.5-7B-Instruct\","
            + choicesAndRest
            + "}",
        ChatCompletionChunk.class);
  }

  static ChatCompletionChunk role() {
    return chunk(
        "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]");
  }

  static ChatCompletionChunk text(String text) {
    return chunk(
        "\"choices\":[{\"index\":0,\"delta\":{\"content\":\""
            + text
            + "\"},"
            + "\"logprobs\":null,\"finish_reason\":null}]");
  }

  static ChatCompletionChunk finish(String reason) {
    return chunk(
        "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"logprobs\":null,"
            + "\"finish_reason\":\""
            + reason
            + "\",\"stop_reason\":null}]");
  }

  static ChatCompletionChunk usage(long prompt, long completion) {
    return chunk(
        "\"choices\":[],\"usage\":{\"prompt_tokens\":"
            + prompt
            + ",\"total_tokens\":"
            + (prompt + completion)
            + ",\"completion_tokens\":"
            + completion
            + "}");
  }

  /** role, "Hello", " wor", "ld", finish stop, usage 12/3. */
  static List<ChatCompletionChunk> helloWorld() {
    return List.of(role(), text("Hello"), text(" wor"), text("ld"), finish("stop"), usage(12, 3));
  }

  /** {@code span} ended as the whole {@link #helloWorld} stream says, with no error. */
  static void assertHelloWorldEnded(SpanData span) {
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_END)).isNull();
    assertThat(span.getAttributes().get(GenAiWatchAttributes.STREAM_CHUNKS)).isEqualTo(6L);
    assertThat(span.getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS)).containsExactly("stop");
    assertThat(span.getAttributes().get(GEN_AI_USAGE_OUTPUT_TOKENS)).isEqualTo(3L);
  }
}
