package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.GenAiWatch;
import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.ProtectionDomain;
import java.time.Duration;
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
  private static final byte[] TRANSFORMED = {4, 5, 6};
  private static final ClassLoader LOADER = FirstLibraryClassTriggerTest.class.getClassLoader();

  private static final byte[] HOOKED = {7, 8, 9};

  private final AtomicInteger builds = new AtomicInteger();
  private final AtomicInteger hookBuilds = new AtomicInteger();
  private final Recording recording = new Recording(TRANSFORMED);
  private final Recording hooks = new Recording(HOOKED);

  /** A class LangChain4j's module may transform: it waits for the transformer. */
  private static final String CHAT_SERVICE = "dev/langchain4j/model/openai/OpenAiChatModel";

  /** A class of an SDK woven by method hooks that no hook names: no module's concern. */
  private static final String CHAT_PARAMS = "com/google/genai/types/GenerateContentConfig";

  /** A class loader that sees neither LangChain4j nor Spring AI (the test's own sees both). */
  private static final ClassLoader SDK_ONLY = new URLClassLoader(new URL[0], null);

  @Test
  void theClassAHookedSdksClientIsBuiltOnStartsTheTelemetryAndBuildsNoByteBuddy() throws Exception {
    AtomicInteger telemetryStarts = new AtomicInteger();
    GenAiWatch.installOnFirstUse(
        () -> {
          telemetryStarts.incrementAndGet();
          return null;
        },
        GenAiWatchConfig.of(Map.of()));
    try {
      FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
      assertThat(load(trigger, "com/openai/core/ClientOptions")).isNull();
      assertThat(GenAiWatch.startPending()).isFalse();
      assertThat(builds).hasValue(0);
      assertThat(hookBuilds).hasValue(0);
    } finally {
      GenAiWatch.install(null, GenAiWatchConfig.of(Map.of()));
    }
  }

  @Test
  void anOpenAiServiceGoesToTheMethodHooks() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    assertThat(load(trigger, "com/openai/services/blocking/chat/ChatCompletionServiceImpl"))
        .isEqualTo(HOOKED);
    assertThat(builds).hasValue(0);
  }

  @Test
  void classesOutsideTheLibrariesBuildNothing() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    assertThat(load(trigger, "com/example/shop/Main")).isNull();
    assertThat(load(trigger, "java/net/http/HttpClient")).isNull();
    assertThat(builds).hasValue(0);
    assertThat(trigger.fired()).isFalse();
  }

  @Test
  void aClassAModuleTransformsWaitsForTheTransformerAndIsTransformedByIt() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    assertThat(load(trigger, "com/example/shop/Main")).isNull();
    assertThat(load(trigger, CHAT_SERVICE)).isEqualTo(TRANSFORMED);
    assertThat(builds).hasValue(1);
    assertThat(recording.seen).containsExactly(CHAT_SERVICE);
  }

  @Test
  void theTransformerIsBuiltOnAThreadOfItsOwn() throws Exception {
    AtomicReference<String> thread = new AtomicReference<>();
    FirstLibraryClassTrigger trigger =
        trigger(
            counted(
                () -> {
                  thread.set(Thread.currentThread().getName());
                  return recording;
                }));
    load(trigger, CHAT_SERVICE);
    assertThat(thread.get()).isEqualTo(FirstLibraryClassTrigger.BUILDER_THREAD);
  }

  @Test
  void aClassOfAnSdkWovenByMethodHooksBuildsNothing() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    assertThat(load(trigger, CHAT_PARAMS)).isNull();
    assertThat(load(trigger, "com/google/genai/Models")).isEqualTo(HOOKED);
    assertThat(builds).hasValue(0);
    assertThat(trigger.fired()).isFalse();
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theClassALibraryWovenByByteBuddyIsBuiltOnStartsTheTelemetryBeforeTheBuildEnds()
      throws Exception {
    GenAiWatch.installOnFirstUse(() -> null, GenAiWatchConfig.of(Map.of()));
    CountDownLatch release = new CountDownLatch(1);
    try {
      FirstLibraryClassTrigger trigger = waitingForever(counted(() -> released(release)));
      Thread loading =
          new Thread(() -> loadUnchecked(trigger, "dev/langchain4j/data/message/AiMessage"));
      loading.start();
      awaitWaiting(loading);

      assertThat(GenAiWatch.startPending()).isFalse();
      assertThat(trigger.fired()).isFalse();

      release.countDown();
      loading.join();
    } finally {
      release.countDown();
      GenAiWatch.install(null, GenAiWatchConfig.of(Map.of()));
    }
  }

  @Test
  void aModelLibrarysOtherClassesStartNoTelemetry() throws Exception {
    GenAiWatch.installOnFirstUse(() -> null, GenAiWatchConfig.of(Map.of()));
    try {
      FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
      load(trigger, CHAT_PARAMS);
      load(trigger, "okhttp3/OkHttpClient");
      assertThat(GenAiWatch.startPending()).isTrue();
    } finally {
      GenAiWatch.install(null, GenAiWatchConfig.of(Map.of()));
    }
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aClassLoaderThatCannotSeeLangChain4jOrSpringAiHasNoClassToWaitFor() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FirstLibraryClassTrigger trigger = waitingForever(counted(() -> released(release)));
    Thread framework = startLoading(trigger, CHAT_SERVICE);
    try {
      awaitWaiting(framework);
      assertThat(load(trigger, "com/example/shop/Main", SDK_ONLY)).isNull();
      assertThat(load(trigger, "com/fasterxml/jackson/databind/ObjectMapper", SDK_ONLY)).isNull();
      assertThat(trigger.fired()).isFalse();
    } finally {
      release.countDown();
    }
    framework.join();
    assertThat(load(trigger, "com/example/shop/Main", SDK_ONLY)).isNull();
    assertThat(recording.seen).containsExactly(CHAT_SERVICE);
  }

  @Test
  void anApplicationClassWhereLangChain4jIsVisibleWaitsForTheBuildAndIsTransformed()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FirstLibraryClassTrigger trigger = trigger(counted(() -> released(release)));
    Thread framework = startLoading(trigger, CHAT_SERVICE);
    awaitWaiting(framework);
    AtomicReference<byte[]> application = new AtomicReference<>();
    Thread loading =
        new Thread(() -> application.set(loadUnchecked(trigger, "com/example/shop/Main")));
    loading.start();
    awaitWaiting(loading);
    release.countDown();
    loading.join();
    framework.join();
    assertThat(application.get()).isEqualTo(TRANSFORMED);
    assertThat(recording.seen).containsExactlyInAnyOrder(CHAT_SERVICE, "com/example/shop/Main");
  }

  /** A thread loading {@code className}, started. */
  private static Thread startLoading(FirstLibraryClassTrigger trigger, String className) {
    Thread thread = new Thread(() -> loadUnchecked(trigger, className));
    thread.start();
    return thread;
  }

  @Test
  void afterTheBuildApplicationClassesGoToTheTransformerAndNothingIsBuiltAgain() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    load(trigger, CHAT_SERVICE);
    load(trigger, "com/example/shop/Main");
    load(trigger, "dev/langchain4j/data/message/UserMessage");
    assertThat(builds).hasValue(1);
    assertThat(recording.seen)
        .containsExactly(
            CHAT_SERVICE, "com/example/shop/Main", "dev/langchain4j/data/message/UserMessage");
  }

  @Test
  void afterTheBuildTheJdksClassesSkipTheTransformer() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    load(trigger, CHAT_SERVICE);
    assertThat(load(trigger, "java/util/ArrayList")).isNull();
    assertThat(load(trigger, "sun/nio/ch/SocketChannelImpl")).isNull();
    assertThat(load(trigger, "jdk/internal/net/http/HttpClientImpl")).isNull();
    assertThat(recording.seen).containsExactly(CHAT_SERVICE);
  }

  @Test
  void aHookedHttpClientClassGoesToTheMethodHooksAndBuildsNoByteBuddy() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    assertThat(load(trigger, "okhttp3/OkHttpClient")).isEqualTo(HOOKED);
    assertThat(load(trigger, "jdk/internal/net/http/HttpClientFacade")).isEqualTo(HOOKED);
    assertThat(hooks.seen)
        .containsExactly("okhttp3/OkHttpClient", "jdk/internal/net/http/HttpClientFacade");
    assertThat(hookBuilds).hasValue(1);
    assertThat(builds).hasValue(0);
    assertThat(trigger.fired()).isFalse();
  }

  @Test
  void theOtherClassesOfAnHttpClientLibraryGoNowhere() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    assertThat(load(trigger, "okhttp3/Call")).isNull();
    assertThat(load(trigger, "reactor/netty/http/client/HttpClientConfig")).isNull();
    assertThat(hookBuilds).hasValue(0);
    assertThat(builds).hasValue(0);
  }

  @Test
  void hookedClassesStillGoToTheMethodHooksOnceByteBuddyIsBuilt() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    load(trigger, CHAT_SERVICE);
    assertThat(load(trigger, "okhttp3/OkHttpClient")).isEqualTo(HOOKED);
    assertThat(recording.seen).containsExactly(CHAT_SERVICE);
    assertThat(hooks.seen).containsExactly("okhttp3/OkHttpClient");
  }

  @Test
  void aFailedHookBuildLeavesHookedClassesUntouchedAndIsNotRetried() throws Exception {
    FirstLibraryClassTrigger trigger =
        FirstLibraryClassTrigger.of(
            GenAiWatchConfig.of(Map.of()),
            counted(() -> recording),
            () -> {
              hookBuilds.incrementAndGet();
              throw new IllegalStateException("no bootstrap bridge today");
            });
    assertThat(load(trigger, "okhttp3/OkHttpClient")).isNull();
    assertThat(load(trigger, "jdk/internal/net/http/HttpClientFacade")).isNull();
    assertThat(hookBuilds).hasValue(1);
  }

  @Test
  void classesTheBuildingThreadLoadsPassThroughUntouched() throws Exception {
    AtomicReference<FirstLibraryClassTrigger> self = new AtomicReference<>();
    AtomicReference<byte[]> duringBuild = new AtomicReference<>(ORIGINAL);
    FirstLibraryClassTrigger trigger =
        trigger(
            counted(
                () -> {
                  duringBuild.set(loadUnchecked(self.get(), "dev/langchain4j/service/AiServices"));
                  return recording;
                }));
    self.set(trigger);
    assertThat(load(trigger, CHAT_SERVICE)).isEqualTo(TRANSFORMED);
    assertThat(duringBuild.get()).isNull();
    assertThat(builds).hasValue(1);
    assertThat(recording.seen).containsExactly(CHAT_SERVICE);
  }

  @Test
  void threadsMeetingClassesToTransformDuringTheBuildAllWaitAndAreTransformed() throws Exception {
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FirstLibraryClassTrigger trigger =
        trigger(
            counted(
                () -> {
                  building.countDown();
                  return released(release);
                }));
    AtomicReference<byte[]> first = new AtomicReference<>();
    Thread one = new Thread(() -> first.set(loadUnchecked(trigger, CHAT_SERVICE)));
    one.start();
    building.await();
    AtomicReference<byte[]> second = new AtomicReference<>();
    Thread other =
        new Thread(() -> second.set(loadUnchecked(trigger, "dev/langchain4j/service/AiServices")));
    other.start();
    awaitWaiting(one);
    awaitWaiting(other);
    release.countDown();
    one.join();
    other.join();
    assertThat(first.get()).isEqualTo(TRANSFORMED);
    assertThat(second.get()).isEqualTo(TRANSFORMED);
    assertThat(builds).hasValue(1);
  }

  @Test
  void aWaitThatOutlastsItsBoundLetsTheClassGoOnUntransformed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FirstLibraryClassTrigger trigger =
        new FirstLibraryClassTrigger(
            LibraryPackages.enabledBy(GenAiWatchConfig.of(Map.of())),
            counted(() -> released(release)),
            this::countedHooks,
            Duration.ofMillis(1));
    try {
      assertThat(load(trigger, CHAT_SERVICE)).isNull();
    } finally {
      release.countDown();
    }
  }

  @Test
  void aFailedBuildLeavesEveryClassUntouchedAndIsNotRetried() throws Exception {
    FirstLibraryClassTrigger trigger =
        trigger(
            counted(
                () -> {
                  throw new IllegalStateException("no ByteBuddy today");
                }));
    assertThat(load(trigger, CHAT_SERVICE)).isNull();
    assertThat(load(trigger, "dev/langchain4j/service/AiServices")).isNull();
    assertThat(builds).hasValue(1);
    assertThat(trigger.fired()).isTrue();
  }

  @Test
  void noModuleEnabledMeansNoTrigger() {
    assertThat(
            FirstLibraryClassTrigger.of(
                LibraryPackagesTest.everyModuleOff(), () -> recording, () -> hooks))
        .isNull();
  }

  private Supplier<ClassFileTransformer> counted(Supplier<ClassFileTransformer> build) {
    return () -> {
      builds.incrementAndGet();
      return build.get();
    };
  }

  private FirstLibraryClassTrigger trigger(Supplier<ClassFileTransformer> build) {
    return FirstLibraryClassTrigger.of(GenAiWatchConfig.of(Map.of()), build, this::countedHooks);
  }

  /**
   * A trigger whose waits never time out: a wrong wait hangs the test, and its timeout fails it.
   */
  private FirstLibraryClassTrigger waitingForever(Supplier<ClassFileTransformer> build) {
    return new FirstLibraryClassTrigger(
        LibraryPackages.enabledBy(GenAiWatchConfig.of(Map.of())),
        build,
        this::countedHooks,
        Duration.ofDays(1));
  }

  /** The recording transformer, once {@code release} is counted down. */
  private ClassFileTransformer released(CountDownLatch release) {
    await(release);
    return recording;
  }

  private static void awaitWaiting(Thread thread) {
    while (thread.getState() != Thread.State.TIMED_WAITING) {
      Thread.onSpinWait();
    }
  }

  private ClassFileTransformer countedHooks() {
    hookBuilds.incrementAndGet();
    return hooks;
  }

  private static byte[] load(FirstLibraryClassTrigger trigger, String internalName)
      throws IllegalClassFormatException {
    return load(trigger, internalName, LOADER);
  }

  private static byte[] load(
      FirstLibraryClassTrigger trigger, String internalName, ClassLoader loader)
      throws IllegalClassFormatException {
    return trigger.transform(
        Object.class.getModule(), loader, internalName, null, null, ORIGINAL.clone());
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

  /** Stands for ByteBuddy's or the method hooks' transformer: says which classes reached it. */
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
