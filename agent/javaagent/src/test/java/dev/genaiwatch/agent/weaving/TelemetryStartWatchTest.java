package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import dev.langchain4j.data.message.AiMessage;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelemetryStartWatchTest {
  private static final GenAiWatchConfig DEFAULTS = GenAiWatchConfig.of(Map.of());

  private final List<ClassFileTransformer> registered = new ArrayList<>();

  @BeforeEach
  void telemetryToBeStarted() {
    GenAiWatch.installOnFirstUse(() -> null, DEFAULTS);
  }

  @AfterEach
  void uninstall() {
    GenAiWatch.install(null, DEFAULTS);
  }

  @Test
  void aModelLibrarysStartClassAlreadyLoadedStartsTheTelemetryAtOnce() {
    // LangChain4j's start class, AiMessage, loaded by the test's class loader.
    TelemetryStartWatch.installOn(
        instrumentation(String.class, Thread.class, AiMessage.class), DEFAULTS);

    assertThat(GenAiWatch.startPending()).isFalse();
    assertThat(registered).isEmpty();
  }

  @Test
  void withoutOneTheWatchStaysRegisteredAndTheStartClassStartsTheTelemetryWhenItLoads()
      throws Exception {
    TelemetryStartWatch.installOn(instrumentation(String.class), DEFAULTS);
    assertThat(GenAiWatch.startPending()).isTrue();
    assertThat(registered).hasSize(1);

    ClassFileTransformer watch = registered.get(0);
    assertThat(watch.transform(null, null, "okhttp3/OkHttpClient", null, null, new byte[0]))
        .isNull();
    assertThat(GenAiWatch.startPending()).isTrue();
    assertThat(
            watch.transform(null, null, "com/openai/core/ClientOptions", null, null, new byte[0]))
        .isNull();
    assertThat(GenAiWatch.startPending()).isFalse();
  }

  /** An Instrumentation that reports {@code loaded} and records the transformers added. */
  private Instrumentation instrumentation(Class<?>... loaded) {
    return (Instrumentation)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {Instrumentation.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getAllLoadedClasses" -> loaded;
                  case "addTransformer" -> {
                    registered.add((ClassFileTransformer) args[0]);
                    yield null;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }
}
