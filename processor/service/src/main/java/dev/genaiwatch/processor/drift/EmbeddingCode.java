package dev.genaiwatch.processor.drift;

import java.nio.ByteBuffer;

/**
 * A sentence embedding as drift keeps it, in memory and in the state file: two bits per dimension
 * and one scale (100 bytes for MiniLM's 384 dimensions instead of 1,536 as floats). Each component
 * is coded against the vector's root mean square {@code s} by the four-level Lloyd–Max quantiser of
 * a normal distribution (levels ±0.453 s and ±1.510 s, thresholds 0 and ±0.982 s), the least
 * squared error two bits can have for components that are roughly normal, as a sentence embedding's
 * are. A squared distance between two coded texts then moves by about 5 % of itself at random, far
 * less than a topic or language shift moves it.
 *
 * <p>Every embedding a key keeps is coded as it arrives, reference and current alike, so that the
 * MMD permutation test compares like with like (its p-value stays exact whatever the coding), and a
 * state file gives back exactly the vectors that were saved.
 */
final class EmbeddingCode {
  private static final float INNER = 0.4528f;
  private static final float OUTER = 1.510f;
  private static final float THRESHOLD = 0.9816f;
  private static final float[] LEVELS = {-OUTER, -INNER, INNER, OUTER};

  private final float scale;
  private final byte[] packed;
  private final int dimensions;

  private EmbeddingCode(float scale, byte[] packed, int dimensions) {
    this.scale = scale;
    this.packed = packed;
    this.dimensions = dimensions;
  }

  static EmbeddingCode of(float[] vector) {
    double squares = 0;
    for (float v : vector) {
      squares += v * (double) v;
    }
    float scale = vector.length == 0 ? 0 : (float) Math.sqrt(squares / vector.length);
    byte[] packed = new byte[packedBytes(vector.length)];
    for (int i = 0; i < vector.length; i++) {
      float t = scale == 0 ? 0 : vector[i] / scale;
      int code = t < -THRESHOLD ? 0 : t < 0 ? 1 : t < THRESHOLD ? 2 : 3;
      packed[i >> 2] |= (byte) (code << ((i & 3) * 2));
    }
    return new EmbeddingCode(scale, packed, vector.length);
  }

  /** The coded vector, as the statistics use it. */
  float[] vector() {
    float[] out = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      out[i] = LEVELS[(packed[i >> 2] >> ((i & 3) * 2)) & 3] * scale;
    }
    return out;
  }

  int dimensions() {
    return dimensions;
  }

  /** Bytes one coded vector of {@code dimensions} takes in {@link #writeTo}. */
  static int bytes(int dimensions) {
    return Float.BYTES + packedBytes(dimensions);
  }

  private static int packedBytes(int dimensions) {
    return (dimensions + 3) / 4;
  }

  void writeTo(ByteBuffer out) {
    out.putFloat(scale);
    out.put(packed);
  }

  /**
   * @throws IllegalArgumentException when the scale is not a finite non-negative number
   */
  static EmbeddingCode readFrom(ByteBuffer in, int dimensions) {
    float scale = in.getFloat();
    if (!(scale >= 0) || Float.isInfinite(scale)) {
      throw new IllegalArgumentException("embedding scale " + scale);
    }
    byte[] packed = new byte[packedBytes(dimensions)];
    in.get(packed);
    return new EmbeddingCode(scale, packed, dimensions);
  }
}
