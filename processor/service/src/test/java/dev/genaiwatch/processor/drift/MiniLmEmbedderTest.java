package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {

  @Test
  void paraphrasesAreCloserThanUnrelatedSentences() {
    float[][] v =
        new MiniLmEmbedder()
            .embed(
                List.of(
                    "How do I reset my password?",
                    "I forgot my password, how can I change it?",
                    "Explain step by step how to migrate a PostgreSQL cluster with zero downtime."));
    assertThat(v).hasNumberOfRows(3);
    assertThat(v[0]).hasSize(384);
    assertThat(EmbeddingStatistics.cosineDistance(v[0], v[1]))
        .isLessThan(EmbeddingStatistics.cosineDistance(v[0], v[2]));
  }
}
