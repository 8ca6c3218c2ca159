package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LexicalReferenceTest {
  private static final List<String> SUPPORT =
      List.of(
          "How do I reset the password for my account?",
          "Where can I download the invoice for my subscription?",
          "Why was my card charged twice this month?",
          "How do I cancel my subscription and get a refund?",
          "What payment methods do you accept?",
          "How long does a refund take to reach my bank account?");

  /** A reference whose centroid was learnt from {@code rounds} passes over the support prompts. */
  private static LexicalReference learnt(int rounds) {
    LexicalReference reference = new LexicalReference();
    for (int i = 0; i < rounds * SUPPORT.size(); i++) {
      reference.observe(SUPPORT.get(i % SUPPORT.size()), rounds * SUPPORT.size(), 10);
    }
    return reference;
  }

  @Test
  void thePromptsThatMakeTheCentroidHaveNoDistanceYet() {
    LexicalReference reference = new LexicalReference();
    for (int i = 0; i < 12; i++) {
      assertThat(reference.observe(SUPPORT.get(i % SUPPORT.size()), 12, 10)).isNaN();
    }
    assertThat(reference.texts).isEqualTo(12);
    assertThat(reference.observe(SUPPORT.get(0), 12, 10)).isBetween(0.0, 1.0);
    assertThat(reference.texts).isEqualTo(12);
  }

  @Test
  void promptsOnAnotherTopicOrInAnotherLanguageLieFartherFromTheCentroid() {
    LexicalReference reference = learnt(3);
    double support = reference.observe("How do I reset the password for my account?", 18, 10);
    double coding =
        reference.observe("Explain step by step how to migrate a PostgreSQL cluster.", 18, 10);
    double german =
        reference.observe("Wie lange dauert eine Rückerstattung auf mein Konto?", 18, 10);
    assertThat(coding).isGreaterThan(support + 0.2);
    assertThat(german).isGreaterThan(support + 0.2);
  }

  @Test
  void theReferencesWordsAreKnownAndOthersAreNot() {
    LexicalReference reference = learnt(1);
    assertThat(List.of("password", "subscription", "refund")).allMatch(reference::known);
    assertThat(List.of("postgresql", "rückerstattung", "kubernetes")).noneMatch(reference::known);
  }

  @Test
  void theEffectNamesTheCentroidDistanceAndTheMostUsedNewWords() {
    LexicalReference reference = learnt(2);
    for (int i = 0; i < 10; i++) {
      reference.observe("How do I migrate a PostgreSQL cluster with zero downtime?", 12, 10);
      reference.observe("Can PostgreSQL replicas lag during a migrate?", 12, 10);
    }
    assertThat(reference.describe())
        .matches(
            "recent prompts' centroid at distance [0-9.]+ from the reference's, top new terms:"
                + " migrate, postgresql, .*");
  }

  @Test
  void aStoredReferenceOfTheWrongShapeIsRefused() {
    assertThatThrownBy(
            () -> new LexicalReference(new float[3], 1, new long[LexicalReference.TERM_BITS / 64]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 dimensions");
  }
}
