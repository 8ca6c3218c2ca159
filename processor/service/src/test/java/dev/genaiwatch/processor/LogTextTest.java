package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.processor.pipeline.LogText;
import org.junit.jupiter.api.Test;

class LogTextTest {
  @Test
  void aNewlineCannotForgeALine() {
    String escaped = LogText.escape("x\nPROCESSOR_READY grpc=1 http=2");
    assertThat(escaped).doesNotContain("\n").isEqualTo("x\\nPROCESSOR_READY grpc=1 http=2");
  }

  @Test
  void everyControlCharacterIsVisibleAndBackslashesStayUnambiguous() {
    assertThat(LogText.escape("a\rb\tc\u001b[31md\u0000e\u2028f\\n"))
        .isEqualTo("a\\rb\\tc\\u001b[31md\\u0000e\\u2028f\\\\n");
  }

  @Test
  void plainTextIsReturnedAsItIs() {
    String plain = "gpt-4o-mini (production) — 模型";
    assertThat(LogText.escape(plain)).isSameAs(plain);
  }
}
