package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.ProcessorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftStateStoreTest {
  @TempDir Path dir;

  private static DriftSettings settings(String... keyValues) throws IOException {
    ProcessorConfig config =
        ProcessorConfig.load(null, Map.of()).with("drift.embedding.enabled", "false");
    for (int i = 0; i < keyValues.length; i += 2) {
      config = config.with(keyValues[i], keyValues[i + 1]);
    }
    return DriftSettings.from(config);
  }

  private static CallFeatures call(SplittableRandom random) {
    double[] numeric = new double[NumericFeature.values().length];
    Arrays.fill(numeric, Double.NaN);
    numeric[NumericFeature.INPUT_TOKENS.ordinal()] =
        Math.round(470 * Math.exp(0.45 * random.nextGaussian()));
    numeric[NumericFeature.DURATION.ordinal()] = 2 * Math.exp(0.3 * random.nextGaussian());
    String[] categorical = {random.nextDouble() < 0.05 ? "length" : "stop", CallFeatures.NONE};
    return new CallFeatures(numeric, categorical);
  }

  private static KeyState learnt(String service, DriftSettings settings, int calls) {
    KeyState state = new KeyState(new DriftKey(service, "m", "chat"));
    SplittableRandom random = new SplittableRandom(service.hashCode());
    for (int i = 0; i < calls; i++) {
      state.add(call(random), settings);
    }
    return state;
  }

  @Test
  void aSavedKeyComesBackWithItsReferenceWindowAndDetectorState() throws IOException {
    DriftSettings settings = settings();
    KeyState state = learnt("shop", settings, 3500);
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(List.of(state));

    List<KeyState> loaded = store.load();
    assertThat(loaded).hasSize(1);
    KeyState back = loaded.get(0);
    assertThat(back.calls).isEqualTo(3500);
    assertThat(back.reference.calls).isEqualTo(3000);
    assertThat(back.reference.quantiles(NumericFeature.INPUT_TOKENS))
        .containsExactly(state.reference.quantiles(NumericFeature.INPUT_TOKENS));
    assertThat(back.reference.counts(CategoricalFeature.FINISH_REASON))
        .isEqualTo(state.reference.counts(CategoricalFeature.FINISH_REASON));
    assertThat(back.current).hasSize(200);
    assertThat(back.watches.keySet()).isEqualTo(state.watches.keySet());
    assertThat(back.watches.get("input_tokens").s)
        .containsExactly(state.watches.get("input_tokens").s);
  }

  @Test
  void aHundredLearntKeysTakeAFewMegabytesAtMost() throws IOException {
    DriftSettings settings = settings();
    List<KeyState> states = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      states.add(learnt("service-" + i, settings, 3200));
    }
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(states);
    assertThat(Files.size(store.file())).isLessThan(3L * 1024 * 1024);
    assertThat(store.load()).hasSize(100);
  }

  private static final List<String> PROMPTS =
      List.of(
          "How do I reset the password for my account?",
          "Where can I download the invoice for my subscription?",
          "Why was my card charged twice this month?",
          "How do I cancel my subscription and get a refund?",
          "What payment methods do you accept?");

  /** A chat call with every call feature present, as a realistic key sends them. */
  private static CallFeatures everyFeature(SplittableRandom random) {
    CallFeatures call = call(random);
    for (NumericFeature feature :
        List.of(
            NumericFeature.OUTPUT_TOKENS,
            NumericFeature.TIME_TO_FIRST_CHUNK,
            NumericFeature.OUTPUT_TOKENS_PER_SECOND,
            NumericFeature.PROMPT_LENGTH,
            NumericFeature.CACHED_TOKEN_RATIO)) {
      call.numeric()[feature.ordinal()] = Math.exp(random.nextGaussian());
    }
    return call;
  }

  /** A key that has seen {@code calls} calls with every feature and a prompt each. */
  private static KeyState withPrompts(String service, DriftSettings settings, int calls) {
    KeyState state = new KeyState(new DriftKey(service, "m", "chat"));
    SplittableRandom random = new SplittableRandom(service.hashCode());
    for (int i = 0; i < calls; i++) {
      state.add(everyFeature(random), PROMPTS.get(random.nextInt(PROMPTS.size())), settings);
    }
    return state;
  }

  /** The one key as the state file gives it back. */
  private KeyState savedAndLoaded(KeyState state, DriftSettings settings) {
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(List.of(state));
    return store.load().get(0);
  }

  @Test
  void aKeysLexicalReferenceComesBackAndGivesTheSameDistances() throws IOException {
    DriftSettings settings = settings("drift.reference.size", "100");
    KeyState state = withPrompts("shop", settings, 150);
    KeyState back = savedAndLoaded(state, settings);
    assertThat(back.lexical.texts).isEqualTo(50);
    assertThat(back.lexical.sum).containsExactly(state.lexical.sum);
    assertThat(back.lexical.terms).containsExactly(state.lexical.terms);
    assertThat(back.reference.quantiles(NumericFeature.PROMPT_LEXICAL))
        .containsExactly(state.reference.quantiles(NumericFeature.PROMPT_LEXICAL));
    String prompt = "Can I pay my invoice by bank transfer?";
    assertThat(back.lexical.observe(prompt, 50, 10))
        .isEqualTo(state.lexical.observe(prompt, 50, 10));
  }

  @Test
  void aKeyStillLearningSavesOnlyItsNewestCalls() throws IOException {
    DriftSettings settings = settings();
    KeyState back = savedAndLoaded(withPrompts("shop", settings, 2400), settings);
    assertThat(back.learning()).isTrue();
    assertThat(back.learnt()).isEqualTo(DriftStateStore.LEARNING_CALLS_SAVED);
    assertThat(back.calls).isEqualTo(2400);
    assertThat(back.lexical.texts).isEqualTo(1500);
  }

  @Test
  void aHundredKeysWithEveryFeatureAndTheirPromptsTakeAFewMegabytesLearntOrStillLearning()
      throws IOException {
    DriftSettings settings = settings();
    List<KeyState> learnt = new ArrayList<>();
    List<KeyState> learning = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      learnt.add(withPrompts("learnt-" + i, settings, 3200));
      learning.add(withPrompts("learning-" + i, settings, 2400));
    }
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(learnt);
    long learntBytes = Files.size(store.file());
    store.save(learning);
    long learningBytes = Files.size(store.file());
    System.out.printf(
        "drift state of 100 keys: learnt %d bytes, learning %d bytes%n",
        learntBytes, learningBytes);
    assertThat(learntBytes).isLessThan(4L * 1024 * 1024);
    assertThat(learningBytes).isLessThan(4L * 1024 * 1024);
    assertThat(store.load()).hasSize(100);
  }

  @Test
  void aCorruptFileIsMovedAsideAndTheProcessorStartsAfresh() throws IOException {
    DriftStateStore store = new DriftStateStore(dir, settings());
    Files.writeString(store.file(), "{\"version\":2,\"keys\":[{\"service\":\"shop\",");
    assertThat(store.load()).isEmpty();
    assertThat(Files.exists(store.file())).isFalse();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anyMatch(n -> n.startsWith("drift-state.json.corrupt-"));
    }
  }

  @Test
  void aFileLargerThanTheLimitIsMovedAsideUnread() throws IOException {
    DriftSettings settings = settings();
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(List.of(learnt("shop", settings, 3100)));
    DriftStateStore small = new DriftStateStore(dir, settings, 1024);
    assertThat(small.load()).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anyMatch(n -> n.startsWith("drift-state.json.too-large-"));
    }
  }

  @Test
  void savingLeavesNoTemporaryFileBehind() throws IOException {
    DriftSettings settings = settings();
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(List.of(learnt("shop", settings, 10)));
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("drift-state.json");
    }
  }

  @Test
  void embeddingWindowsComeBackAsBytesWithinAHundredthOfTheirCosine() throws IOException {
    DriftSettings settings = settings();
    KeyState state = new KeyState(new DriftKey("shop", "m", "chat"));
    SplittableRandom random = new SplittableRandom(3);
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < settings.embeddingReferenceSize() + 5; i++) {
      float[] v = new float[384];
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) random.nextGaussian();
      }
      vectors.add(v);
    }
    state.addEmbeddings(EmbeddingFeature.PROMPT, vectors, 100, settings);
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(List.of(state));

    KeyState back = store.load().get(0);
    List<float[]> reference = back.embeddingReference.get(EmbeddingFeature.PROMPT);
    assertThat(reference).hasSize(settings.embeddingReferenceSize());
    assertThat(back.embeddingCurrent.get(EmbeddingFeature.PROMPT)).hasSize(5);
    for (int i = 0; i < reference.size(); i++) {
      assertThat(EmbeddingStatistics.cosineDistance(reference.get(i), vectors.get(i)))
          .isLessThan(0.01);
    }
    assertThat(back.referenceCentroid(EmbeddingFeature.PROMPT)).isNotNull();
  }
}
