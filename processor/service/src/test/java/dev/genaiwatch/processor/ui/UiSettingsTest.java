package dev.genaiwatch.processor.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaiwatch.processor.ProcessorConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class UiSettingsTest {
  @Test
  void theTraceUrlIsEmptyByDefaultAndReadFromTheEnvironment() {
    assertThat(UiSettings.from(ProcessorConfig.of(new Properties(), Map.of())).traceUrl())
        .isEmpty();
    assertThat(
            UiSettings.from(
                    ProcessorConfig.of(
                        new Properties(),
                        Map.of(
                            "GENAI_WATCH_PROCESSOR_UI_TRACE_URL",
                            "https://tempo.example/trace/{traceId}")))
                .traceUrl())
        .isEqualTo("https://tempo.example/trace/{traceId}");
  }

  @Test
  void aTraceUrlWithoutThePlaceholderIsRefusedByName() {
    assertThatThrownBy(() -> new UiSettings("https://tempo.example/trace/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ui.trace.url")
        .hasMessageContaining("{traceId}");
  }

  @Test
  void aTraceUrlThatIsNotHttpIsRefused() {
    assertThatThrownBy(() -> new UiSettings("javascript:alert('{traceId}')"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> new UiSettings("https://tempo example/{traceId}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a URL");
  }
}
