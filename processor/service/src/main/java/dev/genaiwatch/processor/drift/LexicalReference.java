package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a key's prompts say, as words: the centroid of the {@link TextSketch}es of its first prompts
 * and the set of their words (a Bloom filter), learnt once per key. Every later prompt gets its
 * cosine distance to that centroid, the {@code prompt_lexical} feature: the reference's later calls
 * give that distance's normal distribution, and from then on its sequential detector (the same
 * calibrated CUSUM as every numeric feature, sharing the key's false-alarm budget) watches it call
 * by call. A new topic or language moves nearly every prompt away from the centroid at once, so it
 * is found within a block of calls whatever the load, while the sampled embedding stays the slower
 * semantic check.
 *
 * <p>For the alarm's effect it also keeps the centroid of the last two blocks of prompts and the
 * words of those prompts the reference never used (at most {@value #MAX_RECENT_TERMS} per block);
 * those are not persisted. Guarded by the key's monitor.
 */
final class LexicalReference {
  static final int TERM_BITS = 16_384;
  private static final int TERM_HASHES = 3;
  static final int MAX_RECENT_TERMS = 64;
  private static final long TERM_SEED = 0x5DEECE66DL;

  /** The summed sketches of the centroid's texts: its direction is the centroid. */
  final float[] sum;

  /** Prompts summed into the centroid so far. */
  int texts;

  /** The reference's words, as Bloom filter bits. */
  final long[] terms;

  private float[] recentSum = new float[TextSketch.DIMENSIONS];
  private float[] previousSum = new float[TextSketch.DIMENSIONS];
  private int recentTexts;
  private Map<String, Integer> recentNew = new HashMap<>();
  private Map<String, Integer> previousNew = new HashMap<>();

  LexicalReference() {
    this(new float[TextSketch.DIMENSIONS], 0, new long[TERM_BITS / 64]);
  }

  LexicalReference(float[] sum, int texts, long[] terms) {
    if (sum.length != TextSketch.DIMENSIONS || terms.length != TERM_BITS / 64 || texts < 0) {
      throw new IllegalArgumentException(
          "lexical reference of "
              + sum.length
              + " dimensions, "
              + terms.length * 64
              + " term bits and "
              + texts
              + " texts");
    }
    this.sum = sum;
    this.texts = texts;
    this.terms = terms;
  }

  /**
   * Takes one prompt: while fewer than {@code centroidTexts} prompts were seen it joins the
   * centroid and NaN is returned (no distance yet); afterwards its distance to the centroid. {@code
   * blockTexts} prompts make one block of the effect's recent view.
   */
  double observe(String prompt, int centroidTexts, int blockTexts) {
    List<String> words = TextSketch.words(prompt);
    float[] sketch = TextSketch.of(words);
    if (texts < centroidTexts) {
      for (int i = 0; i < sketch.length; i++) {
        sum[i] += sketch[i];
      }
      texts++;
      for (String word : words) {
        remember(word);
      }
      return Double.NaN;
    }
    if (recentTexts >= blockTexts) {
      float[] reuse = previousSum;
      previousSum = recentSum;
      recentSum = reuse;
      Arrays.fill(recentSum, 0);
      previousNew = recentNew;
      recentNew = new HashMap<>();
      recentTexts = 0;
    }
    for (int i = 0; i < sketch.length; i++) {
      recentSum[i] += sketch[i];
    }
    recentTexts++;
    for (String word : words) {
      if (word.length() >= 2
          && !known(word)
          && (recentNew.containsKey(word) || recentNew.size() < MAX_RECENT_TERMS)) {
        recentNew.merge(word, 1, Integer::sum);
      }
    }
    return isZero(sketch) ? Double.NaN : EmbeddingStatistics.cosineDistance(sketch, sum);
  }

  /**
   * The alarm's words: how far the recent prompts' centroid lies from the reference's, and the
   * words new to the key that they used most.
   */
  String describe() {
    float[] recent = new float[sum.length];
    for (int i = 0; i < recent.length; i++) {
      recent[i] = recentSum[i] + previousSum[i];
    }
    Map<String, Integer> counts = new HashMap<>(previousNew);
    recentNew.forEach((word, count) -> counts.merge(word, count, Integer::sum));
    List<Map.Entry<String, Integer>> top = new ArrayList<>(counts.entrySet());
    top.sort(
        Map.Entry.<String, Integer>comparingByValue()
            .reversed()
            .thenComparing(Map.Entry.comparingByKey()));
    List<String> words = top.stream().limit(5).map(Map.Entry::getKey).toList();
    return String.format(
            Locale.ROOT,
            "recent prompts' centroid at distance %.2f from the reference's",
            EmbeddingStatistics.cosineDistance(recent, sum))
        + (words.isEmpty() ? "" : ", top new terms: " + String.join(", ", words));
  }

  private void remember(String word) {
    for (int k = 0; k < TERM_HASHES; k++) {
      int bit = bit(word, k);
      terms[bit >>> 6] |= 1L << (bit & 63);
    }
  }

  boolean known(String word) {
    for (int k = 0; k < TERM_HASHES; k++) {
      int bit = bit(word, k);
      if ((terms[bit >>> 6] & (1L << (bit & 63))) == 0) {
        return false;
      }
    }
    return true;
  }

  private static int bit(String word, int k) {
    return (int) ((TextSketch.hash(word, TERM_SEED + k) >>> 1) % TERM_BITS);
  }

  private static boolean isZero(float[] sketch) {
    for (float v : sketch) {
      if (v != 0) {
        return false;
      }
    }
    return true;
  }
}
