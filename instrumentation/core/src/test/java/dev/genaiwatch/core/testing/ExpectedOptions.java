package dev.genaiwatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.model.LlmCall;
import java.util.Arrays;
import java.util.List;

/**
 * The sampling options every extractor reads from a chat request, as one expectation: a test states
 * the values it set and checks that the call carries exactly those (null: not set).
 */
public record ExpectedOptions(
    Long maxTokens,
    Double temperature,
    Double topP,
    Double frequencyPenalty,
    Double presencePenalty,
    Long seed,
    Long choiceCount,
    List<String> stopSequences) {

  public void assertReadInto(LlmCall call) {
    assertThat(
            Arrays.asList(
                call.maxTokens,
                call.temperature,
                call.topP,
                call.frequencyPenalty,
                call.presencePenalty,
                call.seed,
                call.choiceCount,
                call.stopSequences))
        .as(
            "max tokens, temperature, top p, frequency and presence penalties, seed, choice count,"
                + " stop sequences")
        .containsExactly(
            maxTokens,
            temperature,
            topP,
            frequencyPenalty,
            presencePenalty,
            seed,
            choiceCount,
            stopSequences);
  }
}
