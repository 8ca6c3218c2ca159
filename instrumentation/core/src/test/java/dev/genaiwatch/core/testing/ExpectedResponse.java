package dev.genaiwatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import java.util.List;

/**
 * What every extractor reads from a one-choice chat response with text, as one expectation: id and
 * model, usage with cached and reasoning tokens, the finish reason and (content on) the assistant's
 * text as the output message.
 */
public record ExpectedResponse(
    String id,
    String model,
    long inputTokens,
    long outputTokens,
    long cachedTokens,
    long reasoningTokens,
    String finishReason,
    String text) {

  public void assertReadInto(LlmCall call) {
    assertThat(call.responseId).isEqualTo(id);
    assertThat(call.responseModel).isEqualTo(model);
    assertThat(call.inputTokens).isEqualTo(inputTokens);
    assertThat(call.outputTokens).isEqualTo(outputTokens);
    assertThat(call.cacheReadInputTokens).isEqualTo(cachedTokens);
    assertThat(call.reasoningOutputTokens).isEqualTo(reasoningTokens);
    assertThat(call.finishReasons).containsExactly(finishReason);
    assertThat(call.outputMessages)
        .containsExactly(
            new GenAiMessage("assistant", List.of(MessagePart.text(text)), finishReason));
  }
}
