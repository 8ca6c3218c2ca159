package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingCodeTest {
  private static float[] gaussian(SplittableRandom random, int dimensions) {
    float[] v = new float[dimensions];
    for (int d = 0; d < dimensions; d++) {
      v[d] = (float) random.nextGaussian();
    }
    return v;
  }

  @Test
  void aCodedVectorPointsWithinATenthOfCosineDistanceOfTheOriginal() {
    SplittableRandom random = new SplittableRandom(11);
    double largest = 0;
    for (int i = 0; i < 200; i++) {
      float[] v = gaussian(random, 384);
      largest =
          Math.max(largest, EmbeddingStatistics.cosineDistance(v, EmbeddingCode.of(v).vector()));
    }
    // Two-bit Lloyd–Max coding of a normal component keeps 88 % of its energy: cos ≈ 0.94.
    assertThat(largest).isBetween(0.03, 0.1);
  }

  @Test
  void distancesBetweenCodedVectorsFollowTheOriginalDistances() {
    SplittableRandom random = new SplittableRandom(12);
    float[] a = gaussian(random, 384);
    float[] near = a.clone();
    for (int d = 0; d < near.length; d++) {
      near[d] += 0.5f * (float) random.nextGaussian();
    }
    float[] far = gaussian(random, 384);
    float[] ca = EmbeddingCode.of(a).vector();
    assertThat(EmbeddingStatistics.cosineDistance(ca, EmbeddingCode.of(near).vector()))
        .isLessThan(EmbeddingStatistics.cosineDistance(ca, EmbeddingCode.of(far).vector()) / 2);
  }

  @Test
  void aCodeWrittenAndReadBackGivesTheSameVector() {
    EmbeddingCode code = EmbeddingCode.of(gaussian(new SplittableRandom(13), 384));
    ByteBuffer bytes = ByteBuffer.allocate(EmbeddingCode.bytes(384));
    code.writeTo(bytes);
    assertThat(bytes.position()).isEqualTo(100);
    bytes.flip();
    assertThat(EmbeddingCode.readFrom(bytes, 384).vector()).containsExactly(code.vector());
  }

  @Test
  void theZeroVectorStaysZero() {
    assertThat(EmbeddingCode.of(new float[8]).vector()).containsOnly(0f);
  }

  @Test
  void aNegativeOrNonFiniteScaleIsRefused() {
    ByteBuffer bytes = ByteBuffer.allocate(EmbeddingCode.bytes(4));
    bytes.putFloat(Float.NaN).put((byte) 0).flip();
    assertThatThrownBy(() -> EmbeddingCode.readFrom(bytes, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale");
  }
}
