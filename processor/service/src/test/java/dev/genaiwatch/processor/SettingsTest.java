package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings are read and checked at start, per part, before anything listens; unknown keys are
 * named.
 */
class SettingsTest {
  @TempDir Path dataDir;

  @Test
  void aMistypedKeyIsNamedAtStart() {
    try (TestProcessor p = TestProcessor.start(dataDir, Map.of("auth.tokn", "s3cret"))) {
      assertThat(p.processor.startNotices())
          .singleElement()
          .asString()
          .contains("unknown configuration key 'auth.tokn'")
          .doesNotContain("s3cret");
    }
  }

  @Test
  void anUnknownProcessorVariableIsNamedAndEvaluationKeysAreNot() {
    Properties file = new Properties();
    file.setProperty("genai.watch.eval.sample.rate", "0.5");
    ProcessorConfig config =
        ProcessorConfig.of(
            file,
            Map.of(
                "GENAI_WATCH_PROCESSOR_BIND_ADRESS",
                "0.0.0.0",
                "GENAI_WATCH_PROCESSOR_BIND_ADDRESS",
                "127.0.0.1"));
    config.string("bind.address", "");
    assertThat(config.unusedKeys())
        .singleElement()
        .asString()
        .contains("GENAI_WATCH_PROCESSOR_BIND_ADRESS");
  }

  @Test
  void aBadValueStopsTheStartWithItsKeyBeforeAnythingListens() {
    assertThatThrownBy(() -> TestProcessor.start(dataDir, Map.of("grpc.port", "70000")))
        .cause()
        .hasMessageContaining("grpc.port must be 0 (any free port) to 65535, was 70000");
    assertThatThrownBy(
            () -> TestProcessor.start(dataDir, Map.of("downstream.protocol", "carrier-pigeon")))
        .cause()
        .hasMessageContaining("downstream.protocol must be grpc or http/protobuf");
    assertThatThrownBy(() -> TestProcessor.start(dataDir, Map.of("memory.limit.percent", "0")))
        .cause()
        .hasMessageContaining("memory.limit.percent must be between 1 and 100");
  }
}
