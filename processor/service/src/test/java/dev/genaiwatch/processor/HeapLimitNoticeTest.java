package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapLimitNoticeTest {
  private static final long SIX_GB = 6L << 30;

  @Test
  void aLargeDefaultHeapGetsTheWarningWithItsSizeAndTheFlagToUse() {
    assertThat(HeapLimitNotice.of(List.of("-Dfoo=bar"), SIX_GB))
        .hasValueSatisfying(
            notice ->
                assertThat(notice).startsWith("WARN").contains("6144 MB").contains("-Xmx512m"));
  }

  @Test
  void anExplicitXmxIsTheOperatorsChoice() {
    assertThat(HeapLimitNotice.of(List.of("-Xmx8g"), 8L << 30)).isEmpty();
  }

  @Test
  void containerSizingFlagsCountAsALimit() {
    assertThat(HeapLimitNotice.of(List.of("-XX:MaxRAMPercentage=50"), SIX_GB)).isEmpty();
    assertThat(HeapLimitNotice.of(List.of("-XX:MaxHeapSize=2g"), SIX_GB)).isEmpty();
  }

  @Test
  void aModestDefaultHeapNeedsNoWarning() {
    assertThat(HeapLimitNotice.of(List.of(), HeapLimitNotice.MODEST_HEAP_BYTES)).isEmpty();
  }
}
