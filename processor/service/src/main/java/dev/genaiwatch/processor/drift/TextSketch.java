package dev.genaiwatch.processor.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cheap lexical fingerprint of a text, computed for every call (a few microseconds, no model):
 * word unigrams and bigrams and character 3-grams of the words, feature-hashed with a random sign
 * into {@value #DIMENSIONS} dimensions and L2-normalised. Two texts on one topic in one language
 * share words and 3-grams, so their sketches point the same way; a new topic or a new language
 * shares few of them with the reference, whatever the embedder can keep up with.
 */
public final class TextSketch {
  public static final int DIMENSIONS = 512;

  /** The model reads no further either; a 100 kB prompt costs no more than a long one. */
  private static final int MAX_CHARS = 4_000;

  /** A word longer than this (a run of CJK characters, a hash) is cut: its 3-grams carry it. */
  static final int MAX_WORD_CHARS = 24;

  private static final long UNIGRAM = 0x9E3779B97F4A7C15L;
  private static final long BIGRAM = 0xC2B2AE3D27D4EB4FL;
  private static final long TRIGRAM = 0x165667B19E3779F9L;

  private TextSketch() {}

  /**
   * The sketch of {@code text}: a unit vector, or all zeros for a text without letters or digits.
   */
  static float[] of(String text) {
    return of(words(text));
  }

  static float[] of(List<String> words) {
    float[] sketch = new float[DIMENSIONS];
    String previous = null;
    for (String word : words) {
      add(sketch, hash(word, UNIGRAM), 1f);
      if (previous != null) {
        add(sketch, hash(word, hash(previous, BIGRAM)), 1f);
      }
      // Character 3-grams of the padded word: what a language spells like, and the only signal in
      // scripts written without spaces.
      String padded = " " + word + " ";
      for (int i = 0; i + 3 <= padded.length(); i++) {
        add(sketch, hash(padded.substring(i, i + 3), TRIGRAM), 0.5f);
      }
      previous = word;
    }
    double norm = 0;
    for (float v : sketch) {
      norm += v * (double) v;
    }
    if (norm > 0) {
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < sketch.length; i++) {
        sketch[i] *= scale;
      }
    }
    return sketch;
  }

  /** The lower-cased runs of letters and digits of the text's first {@value #MAX_CHARS} chars. */
  static List<String> words(String text) {
    String head = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
    String lower = head.toLowerCase(Locale.ROOT);
    List<String> words = new ArrayList<>();
    int start = -1;
    for (int i = 0; i <= lower.length(); i++) {
      boolean inWord = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
      if (inWord && start < 0) {
        start = i;
      } else if (!inWord && start >= 0) {
        words.add(lower.substring(start, Math.min(i, start + MAX_WORD_CHARS)));
        start = -1;
      }
    }
    return words;
  }

  private static void add(float[] sketch, long hash, float weight) {
    int index = (int) ((hash >>> 1) % DIMENSIONS);
    sketch[index] += (hash & 1) == 0 ? weight : -weight;
  }

  /** FNV-1a over the chars, seeded, then a final mix so that low bits are usable. */
  static long hash(String s, long seed) {
    long h = 0xCBF29CE484222325L ^ seed;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001B3L;
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return h;
  }
}
