package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextSketchTest {
  private static double distance(String a, String b) {
    return EmbeddingStatistics.cosineDistance(TextSketch.of(a), TextSketch.of(b));
  }

  private static double norm(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += x * (double) x;
    }
    return Math.sqrt(sum);
  }

  @Test
  void aSketchIsAUnitVectorOfFixedSize() {
    float[] sketch = TextSketch.of("How do I reset the password for my account?");
    assertThat(sketch).hasSize(TextSketch.DIMENSIONS);
    assertThat(norm(sketch)).isCloseTo(1.0, offset(1e-5));
  }

  @Test
  void aTextWithoutLettersOrDigitsHasAnAllZeroSketch() {
    assertThat(norm(TextSketch.of("?!  ... --"))).isZero();
    assertThat(norm(TextSketch.of(""))).isZero();
  }

  @Test
  void theSameWordsGiveTheSameSketchWhateverTheCaseAndPunctuation() {
    assertThat(TextSketch.of("Reset my PASSWORD, please!"))
        .containsExactly(TextSketch.of("reset my password please"));
  }

  @Test
  void aQuestionOnTheSameTopicIsCloserThanOneOnAnotherTopicOrInAnotherLanguage() {
    String support = "How do I reset the password for my billing account?";
    double sameTopic =
        distance(support, "I forgot the password of my account, how can I reset it?");
    double otherTopic = distance(support, "Explain Java generics with a bounded wildcard example.");
    double otherLanguage =
        distance(support, "Wie kann ich das Passwort für mein Konto zurücksetzen?");
    assertThat(sameTopic).isLessThan(otherTopic).isLessThan(0.8);
    assertThat(sameTopic).isLessThan(otherLanguage);
  }

  @Test
  void scriptsWithoutSpacesAreSketchedByTheirCharacterTrigrams() {
    double chinese = distance("请详细解释一下你们的数据隐私政策", "请详细解释一下你们的退款政策");
    double unrelated = distance("请详细解释一下你们的数据隐私政策", "How long does a refund take?");
    assertThat(chinese).isLessThan(unrelated);
  }

  @Test
  void wordsAreLowerCasedRunsOfLettersAndDigitsCutAtTheirMaximumLength() {
    assertThat(TextSketch.words("Order #4711: WHERE is it?"))
        .isEqualTo(List.of("order", "4711", "where", "is", "it"));
    assertThat(TextSketch.words("x".repeat(100)).get(0)).hasSize(TextSketch.MAX_WORD_CHARS);
  }
}
