package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.shop.ApplicationChatModel;
import com.example.shop.ApplicationTask;
import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class FirstLibraryClassTriggerTest {
  private static final byte[] ORIGINAL = {1, 2, 3};
  private static final byte[] HOOKED = {7, 8, 9};
  private static final ClassLoader LOADER = FirstLibraryClassTriggerTest.class.getClassLoader();

  private final AtomicInteger hookBuilds = new AtomicInteger();
  private final Recording hooks = new Recording(HOOKED);

  /** A class of an SDK woven by method hooks that no hook names: no module's concern. */
  private static final String CHAT_PARAMS = "com/google/genai/types/GenerateContentConfig";

  /** A class loader that sees neither LangChain4j nor Spring AI (the test's own sees both). */
  private static final ClassLoader SDK_ONLY = new URLClassLoader(new URL[0], null);

  @Test
  void theClassAHookedSdksClientIsBuiltOnStartsTheTelemetryAndBuildsNothing() throws Exception {
    AtomicInteger telemetryStarts = new AtomicInteger();
    GenAiWatch.installOnFirstUse(
        () -> {
          telemetryStarts.incrementAndGet();
          return null;
        },
        GenAiWatchConfig.of(Map.of()));
    try {
      FirstLibraryClassTrigger trigger = trigger(this::countedHooks);
      assertThat(load(trigger, "com/openai/core/ClientOptions")).isNull();
      assertThat(GenAiWatch.startPending()).isFalse();
      assertThat(hookBuilds).hasValue(0);
    } finally {
      GenAiWatch.install(null, GenAiWatchConfig.of(Map.of()));
    }
  }

  @Test
  void aModelLibrarysOtherClassesStartNoTelemetry() throws Exception {
    GenAiWatch.installOnFirstUse(() -> null, GenAiWatchConfig.of(Map.of()));
    try {
      FirstLibraryClassTrigger trigger = trigger(this::countedHooks);
      load(trigger, CHAT_PARAMS);
      load(trigger, "okhttp3/OkHttpClient");
      assertThat(GenAiWatch.startPending()).isTrue();
    } finally {
      GenAiWatch.install(null, GenAiWatchConfig.of(Map.of()));
    }
  }

  @Test
  void aHookedClassBuildsTheHooksOnceAndGoesToThem() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(this::countedHooks);
    assertThat(load(trigger, "com/openai/services/blocking/chat/ChatCompletionServiceImpl"))
        .isEqualTo(HOOKED);
    assertThat(load(trigger, "okhttp3/OkHttpClient")).isEqualTo(HOOKED);
    assertThat(hookBuilds).hasValue(1);
    assertThat(hooks.seen)
        .containsExactly(
            "com/openai/services/blocking/chat/ChatCompletionServiceImpl", "okhttp3/OkHttpClient");
  }

  @Test
  void classesNoHookCanConcernBuildNothing() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(this::countedHooks);
    assertThat(load(trigger, "java/net/http/HttpClient")).isNull();
    assertThat(load(trigger, CHAT_PARAMS)).isNull();
    assertThat(load(trigger, "okhttp3/Call")).isNull();
    assertThat(load(trigger, internal(ApplicationTask.class), classFile(ApplicationTask.class)))
        .isNull();
    assertThat(hookBuilds).hasValue(0);
    assertThat(trigger.fired()).isFalse();
  }

  @Test
  void aClassThatMayImplementAFrameworkInterfaceGoesToTheHooks() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(this::countedHooks);
    assertThat(
            load(
                trigger,
                internal(ApplicationChatModel.class),
                classFile(ApplicationChatModel.class)))
        .isEqualTo(HOOKED);
    assertThat(trigger.fired()).isTrue();
  }

  @Test
  void whereNoFrameworkIsVisibleAnApplicationClassGoesNowhere() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(this::countedHooks);
    assertThat(
            trigger.transform(
                Object.class.getModule(),
                SDK_ONLY,
                internal(ApplicationChatModel.class),
                null,
                null,
                classFile(ApplicationChatModel.class)))
        .isNull();
    assertThat(hookBuilds).hasValue(0);
  }

  @Test
  void aFailedHookBuildLeavesEveryClassUntouchedAndIsNotRetried() throws Exception {
    FirstLibraryClassTrigger trigger =
        trigger(
            () -> {
              hookBuilds.incrementAndGet();
              throw new IllegalStateException("no hooks today");
            });
    assertThat(load(trigger, "okhttp3/OkHttpClient")).isNull();
    assertThat(load(trigger, "com/openai/core/PrepareRequest")).isNull();
    assertThat(hookBuilds).hasValue(1);
    assertThat(trigger.fired()).isTrue();
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aThreadMeetingAHookedClassDuringTheBuildWaitsForItAndIsWoven() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FirstLibraryClassTrigger trigger =
        trigger(
            () -> {
              hookBuilds.incrementAndGet();
              await(release);
              return hooks;
            });
    AtomicReference<byte[]> first = new AtomicReference<>();
    AtomicReference<byte[]> second = new AtomicReference<>();
    Thread building = new Thread(() -> first.set(loadUnchecked(trigger, "okhttp3/OkHttpClient")));
    building.start();
    while (hookBuilds.get() == 0) {
      Thread.onSpinWait();
    }
    Thread waiting =
        new Thread(() -> second.set(loadUnchecked(trigger, "com/openai/core/PrepareRequest")));
    waiting.start();
    while (waiting.getState() != Thread.State.BLOCKED) {
      Thread.onSpinWait();
    }
    release.countDown();
    building.join();
    waiting.join();
    assertThat(first.get()).isEqualTo(HOOKED);
    assertThat(second.get()).isEqualTo(HOOKED);
    assertThat(hookBuilds).hasValue(1);
  }

  @Test
  void noModuleEnabledMeansNoTrigger() {
    assertThat(FirstLibraryClassTrigger.of(LibraryPackagesTest.everyModuleOff(), () -> hooks))
        .isNull();
  }

  private FirstLibraryClassTrigger trigger(Supplier<ClassFileTransformer> hookBuild) {
    return FirstLibraryClassTrigger.of(GenAiWatchConfig.of(Map.of()), hookBuild);
  }

  private ClassFileTransformer countedHooks() {
    hookBuilds.incrementAndGet();
    return hooks;
  }

  private static String internal(Class<?> type) {
    return LibraryPackagesTest.internal(type);
  }

  private static byte[] classFile(Class<?> type) throws IOException {
    return LibraryPackagesTest.classFile(type);
  }

  private static byte[] load(FirstLibraryClassTrigger trigger, String internalName)
      throws IllegalClassFormatException {
    return load(trigger, internalName, ORIGINAL.clone());
  }

  private static byte[] load(FirstLibraryClassTrigger trigger, String internalName, byte[] bytes)
      throws IllegalClassFormatException {
    return trigger.transform(Object.class.getModule(), LOADER, internalName, null, null, bytes);
  }

  private static byte[] loadUnchecked(FirstLibraryClassTrigger trigger, String internalName) {
    try {
      return load(trigger, internalName);
    } catch (IllegalClassFormatException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stands for the method hooks' transformer: says which classes reached it. */
  private static final class Recording implements ClassFileTransformer {
    final List<String> seen = new CopyOnWriteArrayList<>();
    private final byte[] result;

    Recording(byte[] result) {
      this.result = result;
    }

    @Override
    public byte[] transform(
        ClassLoader loader,
        String className,
        Class<?> classBeingRedefined,
        ProtectionDomain protectionDomain,
        byte[] classfileBuffer) {
      seen.add(className);
      return result.clone();
    }
  }
}
