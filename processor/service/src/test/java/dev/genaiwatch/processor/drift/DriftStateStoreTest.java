package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.ProcessorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
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

  /** {@code count} random unit vectors of MiniLM's 384 dimensions. */
  private static List<float[]> unitVectors(SplittableRandom random, int count) {
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      float[] v = new float[384];
      double squares = 0;
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) random.nextGaussian();
        squares += v[d] * v[d];
      }
      for (int d = 0; d < v.length; d++) {
        v[d] /= (float) Math.sqrt(squares);
      }
      vectors.add(v);
    }
    return vectors;
  }

  private static List<float[]> decoded(Collection<EmbeddingCode> codes) {
    return codes.stream().map(EmbeddingCode::vector).toList();
  }

  @Test
  void embeddingWindowsComeBackExactlyAsTheKeyHeldThem() throws IOException {
    DriftSettings settings = settings();
    KeyState state = new KeyState(new DriftKey("shop", "m", "chat"));
    state.addEmbeddings(
        EmbeddingFeature.PROMPT,
        unitVectors(new SplittableRandom(3), settings.embeddingReferenceSize() + 5),
        100,
        settings);

    KeyState back = savedAndLoaded(state, settings);
    List<float[]> reference = decoded(back.embeddingReference.get(EmbeddingFeature.PROMPT));
    List<float[]> saved = decoded(state.embeddingReference.get(EmbeddingFeature.PROMPT));
    assertThat(reference).hasSize(settings.embeddingReferenceSize());
    for (int i = 0; i < reference.size(); i++) {
      assertThat(reference.get(i)).containsExactly(saved.get(i));
    }
    assertThat(back.embeddingCurrent.get(EmbeddingFeature.PROMPT)).hasSize(5);
    assertThat(back.referenceCentroid(EmbeddingFeature.PROMPT))
        .containsExactly(state.referenceCentroid(EmbeddingFeature.PROMPT));
    assertThat(back.chanceCentroidDistance).isEqualTo(state.chanceCentroidDistance);
  }

  @Test
  void aHundredLearntKeysWithPromptAndOutputEmbeddingsTakeUnderFourMegabytes() throws IOException {
    DriftSettings settings = settings();
    List<KeyState> learnt = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      KeyState state = withPrompts("learnt-" + i, settings, 3200);
      SplittableRandom random = new SplittableRandom(i);
      for (EmbeddingFeature feature : EmbeddingFeature.values()) {
        int texts = settings.embeddingReferenceSize() + settings.embeddingWindowSize();
        state.addEmbeddings(feature, unitVectors(random, texts), 3200, settings);
      }
      learnt.add(state);
    }
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(learnt);
    long bytes = Files.size(store.file());
    System.out.printf("drift state of 100 learnt keys with both embeddings: %d bytes%n", bytes);
    assertThat(bytes).isLessThan(4L * 1024 * 1024);
    List<KeyState> back = store.load();
    assertThat(back).hasSize(100);
    assertThat(back.get(99).embeddingReference.get(EmbeddingFeature.OUTPUT))
        .hasSize(settings.embeddingReferenceSize());
  }

  @Test
  void aFileOfThePreviousVersionStillLoadsWithItsEmbeddingsCoded() throws IOException {
    // Written by the code of commit cd2ccb3 (version 2: plain JSON, one byte per component).
    DriftSettings settings =
        settings("drift.reference.size", "100", "drift.embedding.reference.size", "20");
    DriftStateStore store = new DriftStateStore(dir, settings);
    try (InputStream fixture = getClass().getResourceAsStream("/drift/drift-state-v2.json")) {
      Files.copy(fixture, store.file());
    }
    List<KeyState> loaded = store.load();
    assertThat(loaded).hasSize(1);
    KeyState state = loaded.get(0);
    assertThat(state.key.id()).isEqualTo("shop|gpt-4o|chat");
    assertThat(state.calls).isEqualTo(150);
    assertThat(state.reference.calls).isEqualTo(100);
    assertThat(state.current).hasSize(50);
    assertThat(state.lexical.texts).isEqualTo(50);
    assertThat(state.embeddingReference.get(EmbeddingFeature.PROMPT)).hasSize(20);
    assertThat(state.embeddingCurrent.get(EmbeddingFeature.PROMPT)).hasSize(5);
    assertThat(state.referenceCentroid(EmbeddingFeature.PROMPT)).isNotNull();

    KeyState again = savedAndLoaded(state, settings);
    assertThat(again.reference.quantiles(NumericFeature.INPUT_TOKENS))
        .containsExactly(state.reference.quantiles(NumericFeature.INPUT_TOKENS));
    assertThat(again.referenceCentroid(EmbeddingFeature.PROMPT))
        .containsExactly(state.referenceCentroid(EmbeddingFeature.PROMPT));
  }

  @Test
  void aTruncatedFileIsMovedAsideWhole() throws IOException {
    DriftSettings settings = settings();
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(List.of(learnt("shop", settings, 3100), learnt("cart", settings, 3100)));
    byte[] saved = Files.readAllBytes(store.file());
    byte[] truncated = Arrays.copyOf(saved, saved.length * 2 / 3);
    Files.write(store.file(), truncated);

    assertThat(store.load()).isEmpty();
    assertThat(Files.exists(store.file())).isFalse();
    try (Stream<Path> files = Files.list(dir)) {
      Path aside =
          files
              .filter(f -> f.getFileName().toString().startsWith("drift-state.json.corrupt-"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readAllBytes(aside)).isEqualTo(truncated);
    }
  }

  @Test
  void aSmallFileThatInflatesBeyondTheLimitIsMovedAsideAsTooLarge() throws IOException {
    DriftSettings settings = settings();
    DriftStateStore store = new DriftStateStore(dir, settings);
    store.save(List.of(learnt("shop", settings, 3100)));
    long compressed = Files.size(store.file());
    DriftStateStore limited = new DriftStateStore(dir, settings, compressed + 1);
    assertThat(limited.load()).isEmpty();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .anyMatch(n -> n.startsWith("drift-state.json.too-large-"));
    }
  }
}
