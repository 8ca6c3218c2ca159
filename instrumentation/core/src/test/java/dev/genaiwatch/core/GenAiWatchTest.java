package dev.genaiwatch.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.genaiwatch.core.content.ContentCapture;
import dev.genaiwatch.core.redaction.RedactionEngine;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GenAiWatchTest {
  private final CopyOnWriteArrayList<String> builtOn = new CopyOnWriteArrayList<>();
  private final CountDownLatch building = new CountDownLatch(1);

  @AfterEach
  void uninstall() {
    GenAiWatch.install(null, null);
  }

  /** A factory that records the thread it ran on, once {@code release} lets it finish. */
  private Supplier<GenAiInstrumenter> recordingFactory(CountDownLatch release) {
    return () -> {
      builtOn.add(Thread.currentThread().getName());
      building.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new GenAiInstrumenter(
          OpenTelemetry.noop(),
          new ContentCapture(false, 100, RedactionEngine.defaults()),
          InstrumentationHealth.noop(),
          "test");
    };
  }

  private static GenAiWatchConfig config() {
    return GenAiWatchConfig.of(Map.of());
  }

  @Test
  void isInstalledWithoutBuildingTheInstrumenter() {
    GenAiWatch.installOnFirstUse(recordingFactory(new CountDownLatch(0)), config());

    assertThat(GenAiWatch.isInstalled()).isTrue();
    assertThat(GenAiWatch.startPending()).isTrue();
    assertThat(builtOn).isEmpty();
  }

  @Test
  void isNotInstalledWithoutAnAgent() {
    assertThat(GenAiWatch.isInstalled()).isFalse();
    assertThat(GenAiWatch.startPending()).isFalse();
    assertThat(GenAiWatch.instrumenter()).isNull();
  }

  @Test
  void backgroundStartBuildsOnceOnItsOwnThreadAndTheFirstCallWaitsForIt()
      throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    GenAiWatch.installOnFirstUse(recordingFactory(release), config());

    GenAiWatch.startInBackground();
    GenAiWatch.startInBackground();
    assertThat(GenAiWatch.startPending()).isFalse();
    assertThat(building.await(30, TimeUnit.SECONDS)).isTrue();
    release.countDown();
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();

    assertThat(instrumenter).isNotNull();
    assertThat(GenAiWatch.instrumenter()).isSameAs(instrumenter);
    assertThat(builtOn).containsExactly("genai-watch-telemetry-start");
  }

  @Test
  void backgroundStartDoesNothingOnceTheFirstCallBuiltTheInstrumenter() {
    GenAiWatch.installOnFirstUse(recordingFactory(new CountDownLatch(0)), config());
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();

    GenAiWatch.startInBackground();

    assertThat(GenAiWatch.instrumenter()).isSameAs(instrumenter);
    assertThat(builtOn).containsExactly(Thread.currentThread().getName());
  }
}
