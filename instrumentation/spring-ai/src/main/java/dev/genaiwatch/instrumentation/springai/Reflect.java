package dev.genaiwatch.instrumentation.springai;

import dev.genaiwatch.core.instrumentation.DeclaredFields;
import java.lang.reflect.Method;
import java.util.Optional;

/**
 * Reads what differs between Spring AI lines and providers (native usage records, provider-only
 * options, {@code ChatClientRequest} which lives in a module an application may not have) by method
 * name. What cannot be read costs only the attribute.
 */
final class Reflect {
  private Reflect() {}

  /**
   * Calls a public no-argument method; null if the target is null or has no such method. Unwraps
   * Optional.
   */
  static Object invoke(Object target, String method) {
    if (target == null) {
      return null;
    }
    try {
      Method m = target.getClass().getMethod(method);
      Object value = m.invoke(target);
      return value instanceof Optional<?> o ? o.orElse(null) : value;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** The first of the methods that answers with a number, as a long. */
  static Long number(Object target, String... methods) {
    for (String method : methods) {
      if (invoke(target, method) instanceof Number n) {
        return n.longValue();
      }
    }
    return null;
  }

  /** A field's value, declared in the class or a superclass; null when absent or not accessible. */
  static Object field(Object target, String name) {
    return DeclaredFields.value(target, name);
  }

  static String string(Object target, String method) {
    return invoke(target, method) instanceof String s ? s : null;
  }
}
