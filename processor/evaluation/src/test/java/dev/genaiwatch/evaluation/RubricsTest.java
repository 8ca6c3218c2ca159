package dev.genaiwatch.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RubricsTest {

  @Test
  void bundledRubricsCarryTheJudgeMarkerAndTheirRanges() {
    List<Rubric> rubrics = Rubrics.load(EvaluationConfig.DEFAULT_RUBRICS, null);
    assertThat(rubrics)
        .extracting(Rubric::name)
        .containsExactly("relevance", "groundedness", "hallucination");
    for (Rubric r : rubrics) {
      assertThat(r.prompt()).startsWith("[genai-watch-judge:" + r.name() + "]");
    }
    assertThat(rubrics.get(1).needsContext()).isTrue();
    assertThat(rubrics.get(2).maxScore()).isEqualTo(1.0);
  }

  @Test
  void fileInTheOverrideDirectoryReplacesTheBundledPrompt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("relevance.txt"), "Our own relevance rubric.");
    List<Rubric> rubrics = Rubrics.load(List.of("relevance", "hallucination"), dir);
    assertThat(rubrics.get(0).prompt()).isEqualTo("Our own relevance rubric.");
    assertThat(rubrics.get(0).maxScore()).isEqualTo(5.0);
    assertThat(rubrics.get(1).prompt()).startsWith("[genai-watch-judge:hallucination]");
  }
}
