package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The deterministic building blocks, without HTTP in the way. */
class SimulatorInternalsTest {

  @Test
  void tokenizerSplitsWordsAndMakesEachPunctuationCharacterAToken() {
    assertThat(Tokenizer.tokenize("Hello, world!  It's 2024."))
        .containsExactly("Hello", ",", "world", "!", "It", "'", "s", "2024", ".");
  }

  @Test
  void tokenizerPiecesConcatenateBackToTheOriginalText() {
    String text = "  spaced   out, text\twith\nbreaks ";

    assertThat(String.join("", Tokenizer.pieces(text))).isEqualTo(text);
    assertThat(Tokenizer.pieces(text)).hasSize(Tokenizer.count(text));
  }

  @Test
  void prefixCacheReportsTheSharedPrefixRoundedDownToWholeBlocks() {
    PrefixCache cache = new PrefixCache(8, 16);
    long[] first = sequence(40, 0);
    long[] second = sequence(40, 0);
    second[35] = -99; // diverges after 35 shared tokens

    assertThat(cache.lookupAndInsert(first)).isZero();
    assertThat(cache.lookupAndInsert(second)).isEqualTo(32);
  }

  @Test
  void prefixCacheAlwaysRecomputesTheLastPromptToken() {
    PrefixCache cache = new PrefixCache(8, 16);
    cache.lookupAndInsert(sequence(32, 0));

    assertThat(cache.lookupAndInsert(sequence(32, 0))).isEqualTo(16);
  }

  @Test
  void prefixCacheEvictsTheLeastRecentlyUsedPrompt() {
    PrefixCache cache = new PrefixCache(1, 16);
    cache.lookupAndInsert(sequence(40, 0));
    cache.lookupAndInsert(sequence(40, 1000));

    assertThat(cache.lookupAndInsert(sequence(40, 0))).isZero();
  }

  @Test
  void generatedTextRetokenisesToItsTokenCount() {
    TextGenerator.Generation g =
        TextGenerator.generate(
            SimConfig.zeroLatency(), "m", "prompt", "prompt", 0, null, null, List.of());

    assertThat(Tokenizer.count(g.text())).isEqualTo(g.tokens());
    assertThat(g.tokens()).isBetween(16, 64);
  }

  @Test
  void logprobsStayWithinRangeAndTopAlternativesAreSorted() {
    for (int i = 0; i < 50; i++) {
      LogprobSynthesizer.TokenLogprob lp = LogprobSynthesizer.forToken(123, i, " word", 5);

      assertThat(lp.logprob()).isBetween(-5.0, 0.0);
      assertThat(lp.top())
          .hasSize(5)
          .isSortedAccordingTo((a, b) -> Double.compare(b.logprob(), a.logprob()));
      assertThat(lp.top()).extracting(LogprobSynthesizer.Candidate::token).contains(" word");
    }
  }

  @Test
  void embeddingsAreUnitNormAndDeterministic() {
    float[] a = EmbeddingSynthesizer.embed(42, Tokenizer.tokenize("same text"), 16);
    float[] b = EmbeddingSynthesizer.embed(42, Tokenizer.tokenize("same text"), 16);
    double norm = 0;
    for (float f : a) {
      norm += f * f;
    }

    assertThat(a).containsExactly(b);
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void faultHeaderSyntaxRoundTrips() {
    for (String s :
        List.of("429", "500", "slow-first-byte:250", "cut-stream:3", "malformed-chunk:2")) {
      assertThat(Fault.parse(s).wireName()).isEqualTo(s);
    }
    assertThat(Fault.parse("cut-stream:3")).isEqualTo(Fault.CUT_STREAM(3));
    assertThatThrownBy(() -> Fault.parse("cut-stream:x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static long[] sequence(int length, long offset) {
    long[] s = new long[length];
    for (int i = 0; i < length; i++) {
      s[i] = offset + i;
    }
    return s;
  }
}
