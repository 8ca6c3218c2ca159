package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
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

  @Test
  void eachTextOfABatchGetsLangChain4jsVectorForThatTextAlone() {
    List<String> texts =
        List.of(
            "Hi",
            "Wie setze ich das Passwort für mein Konto zurück?",
            "我怎样重置我的账户密码？",
            "Write a Java function that parses nested JSON and returns a map of fields, then explain"
                + " how to test it with JUnit 5 and why the parser should reject trailing commas.");
    float[][] batched = new MiniLmEmbedder().embed(texts);
    AllMiniLmL6V2QuantizedEmbeddingModel reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
    for (int i = 0; i < texts.size(); i++) {
      float[] one = reference.embed(TextSegment.from(texts.get(i))).content().vector();
      assertThat(EmbeddingStatistics.cosineDistance(batched[i], one))
          .as(texts.get(i))
          .isLessThan(1e-6);
    }
  }
}
