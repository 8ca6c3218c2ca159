package dev.genaiwatch.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenAiChunkReaderTest {
  @Test
  void contentDeltaGivesIdModelIndexAndText() throws IOException {
    OpenAiChunkReader chunk =
        OpenAiChunkReader.read(
            "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"qwen\","
                + "\"system_fingerprint\":null,\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                + "\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}]}");
    assertThat(chunk.id).isEqualTo("c1");
    assertThat(chunk.model).isEqualTo("qwen");
    assertThat(chunk.usage).isNull();
    assertThat(chunk.choices)
        .containsExactly(new OpenAiChunkReader.Choice(0, "Hi", false, null, null));
  }

  @Test
  void fieldsInAnyOrderAndUnknownNestedValuesAreSkipped() throws IOException {
    OpenAiChunkReader chunk =
        OpenAiChunkReader.read(
            "{\"extra\":{\"a\":[1,{\"b\":[]}]},\"choices\":[{\"finish_reason\":\"stop\",\"x\":[[]],"
                + "\"delta\":{\"y\":{\"z\":1},\"content\":\"!\"},\"index\":2.0}],\"model\":\"m\"}");
    assertThat(chunk.model).isEqualTo("m");
    assertThat(chunk.choices)
        .containsExactly(new OpenAiChunkReader.Choice(2, "!", false, "stop", null));
  }

  @Test
  void aNonEmptyToolCallListIsContentAndAnEmptyOneIsNot() throws IOException {
    OpenAiChunkReader chunk =
        OpenAiChunkReader.read(
            "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
                + "{\"arguments\":\"{\\\"a\\\":[1]}\"}},{\"index\":1}],\"content\":null}},"
                + "{\"index\":1,\"delta\":{\"tool_calls\":[]}}]}");
    assertThat(chunk.choices)
        .containsExactly(
            new OpenAiChunkReader.Choice(0, null, true, null, null),
            new OpenAiChunkReader.Choice(1, null, false, null, null));
  }

  @Test
  void usageChunkHasAnEmptyChoiceListAndTheUsageAsPlainValues() throws IOException {
    OpenAiChunkReader chunk =
        OpenAiChunkReader.read(
            "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":7,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":2}}}");
    assertThat(chunk.hasChoices).isTrue();
    assertThat(chunk.choices).isEmpty();
    assertThat(chunk.usage)
        .isEqualTo(
            Map.of(
                "prompt_tokens", 5L,
                "completion_tokens", 7L,
                "prompt_tokens_details", Map.of("cached_tokens", 2L)));
  }

  @Test
  void legacyCompletionTextAndLogprobsAreRead() throws IOException {
    OpenAiChunkReader chunk =
        OpenAiChunkReader.read(
            "{\"choices\":[{\"text\":\"abc\",\"index\":0,"
                + "\"logprobs\":{\"token_logprobs\":[-0.5]},\"finish_reason\":\"length\"}]}");
    assertThat(chunk.choices)
        .containsExactly(
            new OpenAiChunkReader.Choice(
                0, "abc", false, "length", Map.of("token_logprobs", List.of(-0.5))));
  }

  @Test
  void aDeltaWinsOverATextFieldOfTheSameChoice() throws IOException {
    OpenAiChunkReader chunk =
        OpenAiChunkReader.read("{\"choices\":[{\"text\":\"t\",\"delta\":{}}]}");
    assertThat(chunk.choices)
        .containsExactly(new OpenAiChunkReader.Choice(0, null, false, null, null));
  }

  @Test
  void malformedChunksAreErrors() {
    for (String bad :
        List.of(
            "[1]",
            "\"text\"",
            "{\"choices\":[{\"delta\":{\"content\":\"x\"}}",
            "{\"id\":\"a\"} trailing",
            "{\"choices\":[",
            "not json")) {
      assertThatThrownBy(() -> OpenAiChunkReader.read(bad)).as(bad).isInstanceOf(IOException.class);
    }
  }
}
