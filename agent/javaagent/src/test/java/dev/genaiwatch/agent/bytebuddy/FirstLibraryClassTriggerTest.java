package dev.genaiwatch.agent.bytebuddy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.config.GenAiWatchConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FirstLibraryClassTriggerTest {
  private static final byte[] ORIGINAL = {1, 2, 3};
  private static final byte[] TRANSFORMED = {4, 5, 6};
  private static final ClassLoader LOADER = FirstLibraryClassTriggerTest.class.getClassLoader();

  private static final byte[] HOOKED = {7, 8, 9};

  private final AtomicInteger builds = new AtomicInteger();
  private final AtomicInteger hookBuilds = new AtomicInteger();
  private final Recording recording = new Recording(TRANSFORMED);
  private final Recording hooks = new Recording(HOOKED);

  @Test
  void classesOutsideTheLibrariesBuildNothing() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    assertThat(load(trigger, "com/example/shop/Main")).isNull();
    assertThat(load(trigger, "java/net/http/HttpClient")).isNull();
    assertThat(builds).hasValue(0);
    assertThat(trigger.fired()).isFalse();
  }

  @Test
  void theFirstLibraryClassBuildsTheTransformerAndIsTransformedByIt() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    assertThat(load(trigger, "com/example/shop/Main")).isNull();
    assertThat(load(trigger, "com/openai/client/OpenAIClient")).isEqualTo(TRANSFORMED);
    assertThat(builds).hasValue(1);
    assertThat(recording.seen).containsExactly("com/openai/client/OpenAIClient");
  }

  @Test
  void afterTheFirstLibraryClassApplicationClassesGoToTheTransformerAndNothingIsBuiltAgain()
      throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    load(trigger, "com/openai/core/ClientOptions");
    load(trigger, "com/example/shop/Main");
    load(trigger, "com/openai/client/OpenAIClient");
    assertThat(builds).hasValue(1);
    assertThat(recording.seen)
        .containsExactly(
            "com/openai/core/ClientOptions",
            "com/example/shop/Main",
            "com/openai/client/OpenAIClient");
  }

  @Test
  void afterTheFirstLibraryClassTheJdksClassesSkipTheTransformer() throws Exception {
    FirstLibraryClassTrigger trigger = trigger(counted(() -> recording));
    load(trigger, "com/openai/client/OpenAIClient");
    assertThat(load(trigger, "java/util/ArrayList")).isNull();
    assertThat(load(trigger, "sun/nio/ch/SocketChannelImpl")).isNull();
    assertThat(load(trigger, "jdk/internal/net/http/HttpClientImpl")).isNull();
    assertThat(recording.seen).containsExactly("com/openai/client/OpenAIClient");
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
    load(trigger, "com/openai/core/ClientOptions");
    assertThat(load(trigger, "okhttp3/OkHttpClient")).isEqualTo(HOOKED);
    assertThat(recording.seen).containsExactly("com/openai/core/ClientOptions");
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
  void withNoModuleMatchingBySuperTypeApplicationClassesSkipTheTransformerToo() throws Exception {
    FirstLibraryClassTrigger trigger =
        FirstLibraryClassTrigger.of(
            GenAiWatchConfig.of(
                Map.of(
                    "genai.watch.instrumentation.langchain4j.enabled", "false",
                    "genai.watch.instrumentation.spring-ai.enabled", "false")),
            counted(() -> recording),
            this::countedHooks);
    load(trigger, "com/openai/core/ClientOptions");
    assertThat(load(trigger, "com/example/shop/Main")).isNull();
    assertThat(recording.seen).containsExactly("com/openai/core/ClientOptions");
  }

  @Test
  void libraryClassesLoadedWhileBuildingPassThroughUntouched() throws Exception {
    AtomicReference<FirstLibraryClassTrigger> self = new AtomicReference<>();
    AtomicReference<byte[]> duringBuild = new AtomicReference<>(ORIGINAL);
    FirstLibraryClassTrigger trigger =
        trigger(
            counted(
                () -> {
                  duringBuild.set(loadUnchecked(self.get(), "com/openai/core/Call"));
                  return recording;
                }));
    self.set(trigger);
    assertThat(load(trigger, "com/openai/client/OpenAIClient")).isEqualTo(TRANSFORMED);
    assertThat(duringBuild.get()).isNull();
    assertThat(builds).hasValue(1);
    assertThat(recording.seen).containsExactly("com/openai/client/OpenAIClient");
  }

  @Test
  void anotherThreadMeetingALibraryClassDuringTheBuildWaitsAndIsTransformed() throws Exception {
    CountDownLatch building = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FirstLibraryClassTrigger trigger =
        trigger(
            counted(
                () -> {
                  building.countDown();
                  await(release);
                  return recording;
                }));
    AtomicReference<byte[]> first = new AtomicReference<>();
    Thread builder =
        new Thread(() -> first.set(loadUnchecked(trigger, "com/openai/client/OpenAIClient")));
    builder.start();
    building.await();
    AtomicReference<byte[]> second = new AtomicReference<>();
    Thread other = new Thread(() -> second.set(loadUnchecked(trigger, "com/openai/Client")));
    other.start();
    while (other.getState() != Thread.State.BLOCKED) {
      Thread.onSpinWait();
    }
    release.countDown();
    builder.join();
    other.join();
    assertThat(first.get()).isEqualTo(TRANSFORMED);
    assertThat(second.get()).isEqualTo(TRANSFORMED);
    assertThat(builds).hasValue(1);
  }

  @Test
  void aFailedBuildLeavesEveryClassUntouchedAndIsNotRetried() throws Exception {
    FirstLibraryClassTrigger trigger =
        trigger(
            counted(
                () -> {
                  throw new IllegalStateException("no ByteBuddy today");
                }));
    assertThat(load(trigger, "com/openai/client/OpenAIClient")).isNull();
    assertThat(load(trigger, "com/openai/core/ClientOptions")).isNull();
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

  private ClassFileTransformer countedHooks() {
    hookBuilds.incrementAndGet();
    return hooks;
  }

  private static byte[] load(FirstLibraryClassTrigger trigger, String internalName)
      throws IllegalClassFormatException {
    return trigger.transform(
        Object.class.getModule(), LOADER, internalName, null, null, ORIGINAL.clone());
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
