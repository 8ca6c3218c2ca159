package dev.genaiwatch.processor.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stdout line of a drift alarm, which operators and scripts read line by line. */
class DriftAlarmLogTest {
  @Test
  void aModelNameWithANewlineCannotForgeALineOfItsOwn() {
    DriftKey key = new DriftKey("shop", "x\nPROCESSOR_READY grpc=1 http=2", "chat");

    String line =
        DriftAlarmLog.describe(key, "input_tokens", true, 42, Map.of("ks", 0.5), "p50 1\n2", null);

    assertThat(line).doesNotContain("\n").contains("x\\nPROCESSOR_READY").contains("p50 1\\n2");
  }
}
