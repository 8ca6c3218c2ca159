package dev.genaiwatch.simulator;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Deterministic unit-norm embeddings: the normalised sum of one pseudo-random vector per
 * (lower-cased) token. Identical texts get identical vectors, and texts sharing words share
 * components, so cosine similarity behaves plausibly in retrieval demos.
 */
final class EmbeddingSynthesizer {

  private EmbeddingSynthesizer() {}

  static float[] embed(long seed, List<String> tokens, int dimension) {
    double[] acc = new double[dimension];
    long base = Hashing.combine(Hashing.mix(seed), "embedding");
    if (tokens.isEmpty()) {
      addTokenVector(acc, Hashing.combine(base, ""));
    }
    for (String t : tokens) {
      addTokenVector(acc, Hashing.combine(base, t.toLowerCase(Locale.ROOT)));
    }
    double norm = 0;
    for (double v : acc) {
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[dimension];
    for (int i = 0; i < dimension; i++) {
      out[i] = (float) (norm == 0 ? (i == 0 ? 1 : 0) : acc[i] / norm);
    }
    return out;
  }

  private static void addTokenVector(double[] acc, long tokenSeed) {
    SplittableRandom rng = new SplittableRandom(tokenSeed);
    for (int i = 0; i < acc.length; i++) {
      acc[i] += rng.nextDouble() * 2 - 1;
    }
  }

  /** OpenAI's base64 format: the raw little-endian float32 array. */
  static String base64(float[] vector) {
    ByteBuffer buf = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : vector) {
      buf.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(buf.array());
  }
}
