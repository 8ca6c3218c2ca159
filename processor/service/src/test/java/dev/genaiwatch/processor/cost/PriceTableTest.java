package dev.genaiwatch.processor.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceTableTest {
  private static final PriceTable BUNDLED = PriceTable.bundled();

  @TempDir Path dir;

  @Test
  void bundledTableStatesWhenItsPricesWereTaken() {
    assertThat(BUNDLED.taken()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(BUNDLED.size()).isGreaterThan(20);
  }

  @Test
  void exactNameMatchesFirstAndIgnoresCase() {
    assertThat(BUNDLED.lookup("gpt-4o-mini")).isNotEqualTo(BUNDLED.lookup("gpt-4o"));
    assertThat(BUNDLED.lookup("GPT-4o").input()).isEqualTo(2.50);
    assertThat(BUNDLED.lookup("gpt-4o-mini").input()).isEqualTo(0.15);
  }

  @Test
  void datedSnapshotsMatchTheirModel() {
    assertThat(BUNDLED.lookup("gpt-4o-2024-08-06")).isEqualTo(BUNDLED.lookup("gpt-4o"));
    assertThat(BUNDLED.lookup("claude-sonnet-4-5-20250929"))
        .isEqualTo(BUNDLED.lookup("claude-sonnet-4-5"));
    assertThat(BUNDLED.lookup("claude-sonnet-4-5@20250929"))
        .isEqualTo(BUNDLED.lookup("claude-sonnet-4-5"));
    assertThat(BUNDLED.lookup("gemini-2.0-flash-001"))
        .isEqualTo(BUNDLED.lookup("gemini-2.0-flash"));
    assertThat(BUNDLED.lookup("claude-3-5-haiku-latest"))
        .isEqualTo(BUNDLED.lookup("claude-3-5-haiku"));
  }

  @Test
  void providerPrefixIsIgnored() {
    assertThat(BUNDLED.lookup("models/gemini-2.5-pro")).isEqualTo(BUNDLED.lookup("gemini-2.5-pro"));
    assertThat(BUNDLED.lookup("openai/gpt-4.1-2025-04-14")).isEqualTo(BUNDLED.lookup("gpt-4.1"));
  }

  @Test
  void unknownModelsHaveNoPrice() {
    assertThat(BUNDLED.lookup("qwen2.5-7b-instruct")).isNull();
    assertThat(BUNDLED.lookup("gpt-4o-ultra")).isNull();
    assertThat(BUNDLED.lookup(null)).isNull();
  }

  @Test
  void cachedInputTokensAreBilledAtTheCachedPrice() {
    ModelPrice gpt4o = BUNDLED.lookup("gpt-4o");
    // 1,000 input of which 600 cached, 200 output: 400 × 2.50 + 600 × 1.25 + 200 × 10.00 per M.
    double usd = gpt4o.usd(TokenUsage.split(1000, 600, 0, 200, 0));
    assertThat(usd).isCloseTo((400 * 2.50 + 600 * 1.25 + 200 * 10.00) / 1e6, within(1e-12));
  }

  @Test
  void reasoningTokensAreBilledAtTheOutputPriceUnlessListed() {
    ModelPrice o3 = BUNDLED.lookup("o3");
    assertThat(o3.usd(TokenUsage.split(0, 0, 0, 500, 400)))
        .isCloseTo(o3.usd(TokenUsage.split(0, 0, 0, 500, 0)), within(1e-15));
    ModelPrice listed = PriceTable.parse("t", "m input=1 output=2 reasoning=5").lookup("m");
    assertThat(listed.usd(TokenUsage.split(0, 0, 0, 500, 400)))
        .isCloseTo((100 * 2 + 400 * 5) / 1e6, within(1e-15));
  }

  @Test
  void cacheWritesUseTheirOwnPriceWhereListed() {
    ModelPrice sonnet = BUNDLED.lookup("claude-sonnet-4-5");
    // Anthropic's input count includes reads and writes: 1,000 = 100 uncached + 500 read + 400
    // written.
    assertThat(sonnet.usd(TokenUsage.split(1000, 500, 400, 0, 0)))
        .isCloseTo((100 * 3.00 + 500 * 0.30 + 400 * 3.75) / 1e6, within(1e-15));
  }

  @Test
  void partsLargerThanTheirTotalAreCappedNotNegative() {
    TokenUsage usage = TokenUsage.split(100, 300, 50, 10, 40);
    assertThat(usage.uncachedInput()).isZero();
    assertThat(usage.cachedInput()).isEqualTo(100);
    assertThat(usage.cacheWrite()).isZero();
    assertThat(usage.visibleOutput()).isZero();
    assertThat(usage.reasoning()).isEqualTo(10);
  }

  @Test
  void overrideFileReplacesListedModelsAndAddsNewOnes() throws IOException {
    Path file = dir.resolve("prices.txt");
    Files.writeString(
        file,
        """
        # our negotiated prices
        @taken 2026-11-30
        gpt-4o   input=2.00 output=8.00
        qwen2.5-7b-instruct input=0.20 cached_input=0.05 output=0.60
        """);
    PriceTable table = PriceTable.bundledOverriddenBy(file);
    assertThat(table.lookup("gpt-4o-2024-08-06").input()).isEqualTo(2.00);
    assertThat(table.lookup("gpt-4o").cachedInput()).isEqualTo(2.00);
    assertThat(table.lookup("qwen2.5-7b-instruct").cachedInput()).isEqualTo(0.05);
    assertThat(table.lookup("gpt-4o-mini")).isEqualTo(BUNDLED.lookup("gpt-4o-mini"));
    assertThat(table.taken()).isEqualTo("2026-11-30");
  }

  @Test
  void exampleOverrideFileInOpsPricesTheSimulatedModel() {
    PriceTable table = PriceTable.bundledOverriddenBy(Path.of("../../ops/prices-example.txt"));
    assertThat(table.lookup("qwen2.5-7b-instruct")).isNotNull();
    assertThat(table.lookup("gpt-4o")).isEqualTo(BUNDLED.lookup("gpt-4o"));
  }

  @Test
  void badLineIsRefusedWithFileAndLineNumber() throws IOException {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "gpt-4o input=2 output=8\n\nmy-model input=1 ouptut=2\n");
    assertThatThrownBy(() -> PriceTable.bundledOverriddenBy(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 3")
        .hasMessageContaining("ouptut=2");
  }

  @Test
  void missingOutputPriceNegativePriceAndDuplicateModelAreRefused() {
    assertThatThrownBy(() -> PriceTable.parse("f", "m input=1"))
        .hasMessageContaining("f line 1")
        .hasMessageContaining("no output= price");
    assertThatThrownBy(() -> PriceTable.parse("f", "m input=-1 output=1"))
        .hasMessageContaining("must be >= 0");
    assertThatThrownBy(() -> PriceTable.parse("f", "m input=x output=1"))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> PriceTable.parse("f", "m input=1 output=1\nM input=2 output=2"))
        .hasMessageContaining("f line 2")
        .hasMessageContaining("listed twice");
  }

  @Test
  void unreadableFileIsRefusedNamingTheKey() {
    assertThatThrownBy(() -> PriceTable.bundledOverriddenBy(dir.resolve("missing.txt")))
        .hasMessageContaining("cost.prices.file")
        .hasMessageContaining("missing.txt");
  }
}
