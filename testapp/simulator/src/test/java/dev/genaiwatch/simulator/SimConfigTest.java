package dev.genaiwatch.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SimConfigTest {

  @Test
  void defaultsMatchTheDocumentedRealisticModel() {
    SimConfig c = SimConfig.builder().build();

    assertThat(c.seed()).isEqualTo(42);
    assertThat(c.port()).isZero();
    assertThat(c.ttftBaseMillis()).isEqualTo(40);
    assertThat(c.prefillMillisPerToken()).isEqualTo(0.2);
    assertThat(c.decodeMillisPerToken()).isEqualTo(8);
    assertThat(c.concurrencyPenalty()).isEqualTo(0.15);
    assertThat(c.embeddingDimension()).isEqualTo(64);
    assertThat(c.models()).containsExactly("qwen2.5-7b-instruct", "text-embedding-3-small");
    assertThat(c.servedLogCapacity()).isEqualTo(10_000);
    assertThat(c.minOutputTokens()).isEqualTo(16);
    assertThat(c.maxOutputTokens()).isEqualTo(64);
  }

  @Test
  void zeroLatencyPresetHasNoDelays() {
    SimConfig c = SimConfig.zeroLatency();

    assertThat(c.ttftBaseMillis() + c.prefillMillisPerToken() + c.decodeMillisPerToken()).isZero();
  }

  @Test
  void fromArgsAppliesOverridesOnTopOfTheLatencyPresetWhateverTheOrder() {
    SimConfig c =
        SimConfig.fromArgs(
            new String[] {
              "--ttft-base-ms",
              "99",
              "--port",
              "8123",
              "--latency",
              "zero",
              "--seed=7",
              "--decode-ms-per-token",
              "3",
              "--models",
              "a,b",
              "--output-tokens",
              "5..9"
            });

    assertThat(c.ttftBaseMillis()).isEqualTo(99);
    assertThat(c.decodeMillisPerToken()).isEqualTo(3);
    assertThat(c.prefillMillisPerToken()).isZero();
    assertThat(c.port()).isEqualTo(8123);
    assertThat(c.seed()).isEqualTo(7);
    assertThat(c.models()).containsExactly("a", "b");
    assertThat(c.minOutputTokens()).isEqualTo(5);
    assertThat(c.maxOutputTokens()).isEqualTo(9);
  }

  @Test
  void fromArgsRejectsUnknownOptions() {
    assertThatThrownBy(() -> SimConfig.fromArgs(new String[] {"--bogus", "1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--bogus");
  }

  @Test
  void builderRejectsAnInvertedOutputRange() {
    assertThatThrownBy(() -> SimConfig.builder().outputTokenRange(10, 5).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
