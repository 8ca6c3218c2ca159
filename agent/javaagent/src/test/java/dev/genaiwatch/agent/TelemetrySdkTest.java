package dev.genaiwatch.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.ContentOnExport;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TelemetrySdkTest {
  private static final String BATCH_SIZE = "otel.bsp.max.export.batch.size";

  @AfterEach
  void clearProperties() {
    System.clearProperty(BATCH_SIZE);
  }

  @Test
  void spansAreExportedInBatchesOf128AtLeastEverySecond() {
    String processor = builtSdk();

    assertThat(processor)
        .contains("maxExportBatchSize=128")
        .contains("scheduleDelayNanos=" + TimeUnit.SECONDS.toNanos(1));
  }

  @Test
  void theUsersBatchSettingWinsOverTheAgentsDefault() {
    System.setProperty(BATCH_SIZE, "300");

    assertThat(builtSdk()).contains("maxExportBatchSize=300");
  }

  @Test
  void theLogsExporterIsOffByDefault() {
    assertThat(TelemetrySdk.defaults()).containsEntry("otel.logs.exporter", "none");
  }

  /** The SDK's description (its span processor's settings included), the SDK then shut down. */
  private static String builtSdk() {
    OpenTelemetrySdk sdk = TelemetrySdk.build(new ContentOnExport());
    try {
      return sdk.toString();
    } finally {
      sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
