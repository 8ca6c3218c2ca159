package dev.genaiwatch.agent.weaving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaiwatch.core.instrumentation.MethodHook;
import dev.genaiwatch.core.instrumentation.MethodHook.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each hook shape woven into {@link HookedTarget}, defined in a class loader of its own (so the JVM
 * verifies the woven code) and run.
 */
class MethodHookWeaverTest {
  private static final String TARGET = HookedTarget.class.getName();
  private static final String HOOKS = RecordingHooks.class.getName();

  @BeforeEach
  void clear() {
    RecordingHooks.CALLS.clear();
  }

  @Test
  void anEntryHookGetsTheConstructorsFirstArgumentBeforeTheSuperCall() throws Exception {
    Class<?> woven =
        weave(
            hook(
                Set.of("<init>"),
                "(Ljava/lang/Object;)V",
                false,
                Shape.ENTER_WITH_FIRST_ARGUMENT,
                "enter"));
    woven.getConstructor(Object.class).newInstance("builder-1");
    assertThat(RecordingHooks.CALLS).containsExactly("enter builder-1");
  }

  @Test
  void anEntryHookGetsTheInstance() throws Exception {
    Class<?> woven = weave(hook(Set.of("build"), "()", false, Shape.ENTER_WITH_THIS, "enter"));
    Object target = woven.getConstructor(Object.class).newInstance("b");
    assertThat(call(target, "build")).isEqualTo("built");
    assertThat(RecordingHooks.CALLS).hasSize(1).first().asString().startsWith("enter " + TARGET);
  }

  @Test
  void anExitHookSeesWhatEveryReturnReturns() throws Exception {
    Class<?> woven =
        weave(
            hook(
                Set.of("newCall"),
                "(Ljava/lang/String;)",
                false,
                Shape.EXIT_WITH_RETURNED,
                "returned"));
    Object target = woven.getConstructor(Object.class).newInstance("b");
    assertThat(call(target, "newCall", "x")).isEqualTo("call:x");
    assertThat(call(target, "newCall", "")).isEqualTo("empty");
    assertThat(RecordingHooks.CALLS).containsExactly("returned call:x", "returned empty");
  }

  @Test
  void aReplacingExitHookDecidesWhatAStaticFactoryReturns() throws Exception {
    Class<?> woven =
        weave(
            new MethodHook(
                TARGET,
                Set.of("create"),
                "(",
                ")L" + TARGET.replace('.', '/') + ";",
                true,
                Shape.EXIT_REPLACING_RETURNED,
                HOOKS,
                "replace"));
    Object created = woven.getMethod("create").invoke(null);
    assertThat(created.getClass().getField("builder").get(created)).isEqualTo("replaced");
    assertThat(RecordingHooks.CALLS).hasSize(1).first().asString().startsWith("replace ");
  }

  @Test
  void anAroundHookReplacesBothArgumentsAndSeesTheResult() throws Exception {
    Object target = aroundWoven();
    Runnable handler = () -> RecordingHooks.CALLS.add("application handler");
    assertThat(call(target, "send", "ping", handler)).isEqualTo("tagged-pingtagged-ping");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "send ping",
            "handler",
            "application handler",
            "exit exchange-ping tagged-pingtagged-ping");
  }

  @Test
  void anAroundHookWithThisGetsTheInstanceAndReplacesBothArguments() throws Exception {
    Class<?> woven =
        weave(
            hook(
                Set.of("send"),
                "(Ljava/lang/CharSequence;Ljava/lang/Runnable;)",
                false,
                Shape.AROUND_WITH_THIS_REPLACING_FIRST_TWO_ARGUMENTS,
                "sendWithThis"));
    Object target = woven.getConstructor(Object.class).newInstance("b");
    Runnable handler = () -> RecordingHooks.CALLS.add("application handler");
    assertThat(call(target, "send", "ping", handler)).isEqualTo("tagged-pingtagged-ping");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "on HookedTarget",
            "send ping",
            "handler",
            "application handler",
            "exit exchange-ping tagged-pingtagged-ping");
  }

  @Test
  void aBridgeMethodIsNeverHookedSoACallThroughItIsSeenOnce() throws Exception {
    Class<?> woven = weave(hook(Set.of("compareTo"), "(", false, Shape.ENTER_WITH_THIS, "enter"));
    @SuppressWarnings("unchecked")
    Comparable<Object> target =
        (Comparable<Object>) woven.getConstructor(Object.class).newInstance("a");
    assertThat(target.compareTo(woven.getConstructor(Object.class).newInstance("b"))).isNegative();
    assertThat(RecordingHooks.CALLS).hasSize(1);
  }

  @Test
  void anAroundHookLeavesTheMethodsOwnHandlersTheirExceptions() throws Exception {
    Object target = aroundWoven();
    assertThat(call(target, "send", "recoverable", (Runnable) () -> {}))
        .isEqualTo("recovered,tagged-recoverable");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "send recoverable",
            "handler",
            "exit exchange-recoverable recovered,tagged-recoverable");
  }

  @Test
  void anAroundHookSeesAThrowAndTheSameExceptionReachesTheCaller() throws Exception {
    Object target = aroundWoven();
    assertThatThrownBy(() -> call(target, "send", "fail", (Runnable) () -> {}))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessage("failed 0.5");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "send fail", "handler", "exit exchange-fail UnsupportedOperationException");
  }

  @Test
  void anAroundHookWithoutStateLeavesTheArgumentsAsTheyWere() throws Exception {
    Object target = aroundWoven();
    assertThat(call(target, "send", "unobserved", (Runnable) () -> {}))
        .isEqualTo("unobservedunobserved");
    assertThat(RecordingHooks.CALLS)
        .containsExactly("send unobserved", "exit null unobservedunobserved");
  }

  @Test
  void aServiceHookGetsTheInstanceAndTheFirstArgumentAndReplacesEveryReturn() throws Exception {
    Object target = serviceWoven();
    assertThat(call(target, "create", "x", null)).isEqualTo("replaced-result:x3");
    assertThat(call(target, "create", "short", null)).isEqualTo("replaced-short");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "create x on HookedTarget",
            "createExit call-x result:x3",
            "create short on HookedTarget",
            "createExit call-short short");
  }

  @Test
  void aServiceHookLeavesTheMethodsOwnHandlersTheirExceptions() throws Exception {
    Object target = serviceWoven();
    assertThat(call(target, "create", "recover", null)).isEqualTo("replaced-recovered");
    assertThat(RecordingHooks.CALLS)
        .containsExactly("create recover on HookedTarget", "createExit call-recover recovered");
  }

  @Test
  void aServiceHookSeesAThrowAndTheSameExceptionReachesTheCaller() throws Exception {
    Object target = serviceWoven();
    assertThatThrownBy(() -> call(target, "create", "fail", null))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad params");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "create fail on HookedTarget", "createThrown call-fail IllegalArgumentException");
  }

  @Test
  void aServiceHookWithoutStateReturnsWhatTheMethodReturned() throws Exception {
    Object target = serviceWoven();
    assertThat(call(target, "create", "unobserved", null)).isEqualTo("result:unobserved3");
  }

  @Test
  void aServiceHookLeavesAMethodReturningAPrimitiveAlone() throws IOException {
    assertThat(
            MethodHookWeaver.weave(
                classFile(),
                List.of(
                    hook(
                        Set.of("count"),
                        "(",
                        false,
                        Shape.AROUND_WITH_THIS_REPLACING_RETURNED,
                        "create"))))
        .isNull();
  }

  @Test
  void aReplacingExitHookGetsTheInstanceAndDecidesWhatEveryReturnReturns() throws Exception {
    Class<?> woven =
        weave(
            hook(
                Set.of("newCall"),
                "(Ljava/lang/String;)",
                false,
                Shape.EXIT_WITH_THIS_REPLACING_RETURNED,
                "withThis"));
    Object target = woven.getConstructor(Object.class).newInstance("b");
    assertThat(call(target, "newCall", "r")).isEqualTo("replaced-call:r");
    assertThat(call(target, "newCall", "")).isEqualTo("replaced-empty");
    assertThat(RecordingHooks.CALLS)
        .containsExactly("withThis HookedTarget call:r", "withThis HookedTarget empty");
  }

  @Test
  void anInternalCallHookGetsTheInstanceAndEveryArgumentOfAMethodThatIsNotPublic()
      throws Exception {
    Object target = internalCallWoven();
    assertThat(generate(target, "m", "c", "k")).isEqualTo("replaced-generated:m/c/k");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "generate [m, c, k] on HookedTarget", "generateExit call-m generated:m/c/k");
  }

  @Test
  void anInternalCallHookSeesAThrowAndTheSameExceptionReachesTheCaller() throws Exception {
    Object target = internalCallWoven();
    assertThatThrownBy(() -> generate(target, "fail", "c", "k"))
        .isInstanceOf(InvocationTargetException.class)
        .cause()
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad model");
    assertThat(RecordingHooks.CALLS)
        .containsExactly(
            "generate [fail, c, k] on HookedTarget",
            "generateThrown call-fail IllegalArgumentException");
  }

  @Test
  void anInternalCallHookLeavesAMethodTakingAPrimitiveAlone() throws IOException {
    assertThat(
            MethodHookWeaver.weave(
                classFile(),
                List.of(MethodHook.internalCall(TARGET, "page", 2, HOOKS, "generate"))))
        .isNull();
  }

  @Test
  void methodsThatAreNotPublicOrDoNotMatchAreLeftAlone() throws Exception {
    Object target = aroundWoven();
    Method quiet =
        target.getClass().getDeclaredMethod("sendQuietly", CharSequence.class, Runnable.class);
    quiet.setAccessible(true);
    assertThat(quiet.invoke(target, "x", (Runnable) () -> {})).isEqualTo("quiet");
    assertThat(call(target, "build")).isEqualTo("built");
    assertThat(RecordingHooks.CALLS).isEmpty();
  }

  @Test
  void aClassNoHookAppliesToIsNotRewritten() throws IOException {
    assertThat(
            MethodHookWeaver.weave(
                classFile(),
                List.of(hook(Set.of("absent"), "(", false, Shape.ENTER_WITH_THIS, "enter"))))
        .isNull();
  }

  private Object aroundWoven() throws Exception {
    Class<?> woven =
        weave(
            hook(
                Set.of("send", "sendQuietly"),
                "(Ljava/lang/CharSequence;Ljava/lang/Runnable;)",
                false,
                Shape.AROUND_REPLACING_FIRST_TWO_ARGUMENTS,
                "send"));
    return woven.getConstructor(Object.class).newInstance("b");
  }

  private Object internalCallWoven() throws Exception {
    Class<?> woven = weave(MethodHook.internalCall(TARGET, "generate", 3, HOOKS, "generate"));
    return woven.getConstructor(Object.class).newInstance("b");
  }

  private static Object generate(Object target, Object... arguments) throws Exception {
    Method generate =
        target.getClass().getDeclaredMethod("generate", Object.class, Object.class, Object.class);
    generate.setAccessible(true);
    return generate.invoke(target, arguments);
  }

  private Object serviceWoven() throws Exception {
    Class<?> woven = weave(MethodHook.serviceCall(TARGET, "create", "", HOOKS));
    return woven.getConstructor(Object.class).newInstance("b");
  }

  private static MethodHook hook(
      Set<String> names, String descriptorPrefix, boolean isStatic, Shape shape, String hookName) {
    return new MethodHook(TARGET, names, descriptorPrefix, "", isStatic, shape, HOOKS, hookName);
  }

  private static Object call(Object target, String name, Object... arguments) throws Exception {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
        return method.invoke(target, arguments);
      }
    }
    throw new NoSuchMethodException(name);
  }

  private static Class<?> weave(MethodHook hook) throws Exception {
    byte[] woven = MethodHookWeaver.weave(classFile(), List.of(hook));
    assertThat(woven).as("woven").isNotNull();
    return new WovenClassLoader(woven).loadClass(TARGET);
  }

  private static byte[] classFile() throws IOException {
    try (InputStream in = MethodHookWeaverTest.class.getResourceAsStream("HookedTarget.class")) {
      return in.readAllBytes();
    }
  }

  /**
   * Defines the woven target itself (verified, as any class of such a loader) and delegates the
   * rest.
   */
  private static final class WovenClassLoader extends ClassLoader {
    private final byte[] woven;

    WovenClassLoader(byte[] woven) {
      super(MethodHookWeaverTest.class.getClassLoader());
      this.woven = woven;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(TARGET)) {
        synchronized (getClassLoadingLock(name)) {
          Class<?> loaded = findLoadedClass(name);
          return loaded != null ? loaded : defineClass(name, woven, 0, woven.length);
        }
      }
      return super.loadClass(name, resolve);
    }
  }
}
