package dev.genaiwatch.core.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaiwatch.core.instrumentation.InstrumentationModule;
import dev.genaiwatch.core.instrumentation.MethodHook;
import dev.genaiwatch.core.instrumentation.MethodReference;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every instrumentation module promises the agent, checked against the library version its
 * tests run with: the methods its version check requires are there, and so are the helper classes
 * it names. A module's test extends this and adds what is particular to the module.
 */
public abstract class InstrumentationModuleContract {
  protected abstract InstrumentationModule module();

  @Test
  void everyRequiredMethodExistsInTheLibraryVersionBuiltAgainst() throws Exception {
    for (MethodReference ref : module().requiredMethods()) {
      Class<?> type = Class.forName(ref.className());
      assertThat(
              Arrays.stream(type.getMethods())
                  .anyMatch(
                      m ->
                          m.getName().equals(ref.methodName())
                              && m.getParameterCount() == ref.parameterCount()))
          .as(ref.toString())
          .isTrue();
    }
  }

  @Test
  void helperClassesExist() throws Exception {
    for (String helper : module().helperClassNames()) {
      assertThat(Class.forName(helper)).isNotNull();
    }
  }

  /**
   * The weaver calls a hook's methods by name and descriptor, fixed by its shape; a typo or a wrong
   * parameter type would only show as a {@code NoSuchMethodError} inside the application.
   */
  @Test
  void everyHookMethodExistsWithTheDescriptorItsShapeCalls() throws Exception {
    for (MethodHook hook : module().methodHooks()) {
      Class<?> hookClass = Class.forName(hook.hookClassName());
      for (Map.Entry<String, MethodType> called : calledMethods(hook).entrySet()) {
        Method method = hookClass.getMethod(called.getKey(), called.getValue().parameterArray());
        assertThat(Modifier.isStatic(method.getModifiers())).as(method.toString()).isTrue();
        assertThat(method.getReturnType())
            .as(method.toString())
            .isEqualTo(called.getValue().returnType());
      }
    }
  }

  /** The static methods {@code MethodHookWeaver} calls for the hook's shape. */
  private static Map<String, MethodType> calledMethods(MethodHook hook) {
    String name = hook.hookMethodName();
    MethodType oneObject = MethodType.methodType(void.class, Object.class);
    MethodType twoObjects = MethodType.methodType(Object.class, Object.class, Object.class);
    MethodType thrown = MethodType.methodType(void.class, Object.class, Throwable.class);
    MethodType argument =
        MethodType.methodType(Object.class, Object[].class, int.class, Object.class);
    MethodType argumentsExit = MethodType.methodType(void.class, Object[].class, Object.class);
    return switch (hook.shape()) {
      case ENTER_WITH_THIS, ENTER_WITH_FIRST_ARGUMENT, EXIT_WITH_RETURNED ->
          Map.of(name, oneObject);
      case EXIT_REPLACING_RETURNED ->
          Map.of(name, MethodType.methodType(Object.class, Object.class));
      case EXIT_WITH_THIS_REPLACING_RETURNED -> Map.of(name, twoObjects);
      case AROUND_REPLACING_FIRST_TWO_ARGUMENTS ->
          Map.of(
              name,
              MethodType.methodType(Object[].class, Object.class, Object.class),
              name + "Argument",
              argument,
              name + "Exit",
              argumentsExit);
      case AROUND_WITH_THIS_REPLACING_FIRST_TWO_ARGUMENTS ->
          Map.of(
              name,
              MethodType.methodType(Object[].class, Object.class, Object.class, Object.class),
              name + "Argument",
              argument,
              name + "Exit",
              argumentsExit);
      case AROUND_WITH_THIS_REPLACING_RETURNED ->
          Map.of(name, twoObjects, name + "Exit", twoObjects, name + "Thrown", thrown);
      case AROUND_WITH_THIS_AND_ARGUMENTS_REPLACING_RETURNED ->
          Map.of(
              name,
              MethodType.methodType(Object.class, Object.class, Object[].class),
              name + "Exit",
              twoObjects,
              name + "Thrown",
              thrown);
    };
  }

  /**
   * The methods of {@code type} (as {@code name(parameter types)}) that the module's hooks would be
   * woven into: those on a super type {@code type} has ({@link MethodHook#onImplementations()}) and
   * those naming {@code type}, at the methods it declares, bridges excluded (as the weaver).
   */
  protected List<String> hookedMethods(Class<?> type) {
    List<String> hooked = new ArrayList<>();
    for (MethodHook hook : module().methodHooks()) {
      boolean applies =
          hook.onImplementations()
              ? hasSuperType(type, hook.className())
                  && !type.isInterface()
                  && !Modifier.isAbstract(type.getModifiers())
              : hook.className().equals(type.getName());
      if (!applies) {
        continue;
      }
      for (Method method : type.getDeclaredMethods()) {
        String descriptor =
            MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                .toMethodDescriptorString();
        if (!method.isBridge()
            && !Modifier.isAbstract(method.getModifiers())
            && hook.appliesTo(
                Modifier.isPublic(method.getModifiers()),
                Modifier.isStatic(method.getModifiers()),
                method.getName(),
                descriptor)) {
          hooked.add(
              method.getName()
                  + "("
                  + String.join(
                      ",", Arrays.stream(method.getParameterTypes()).map(Class::getName).toList())
                  + ")");
        }
      }
    }
    return hooked;
  }

  /** Whether {@code type} has {@code superType} among its super types (absent: it has not). */
  private static boolean hasSuperType(Class<?> type, String superType) {
    try {
      return Class.forName(superType, false, type.getClassLoader()).isAssignableFrom(type);
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
