package dev.genaiwatch.core.instrumentation;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a library object's private fields, declared in its class or a superclass, for what the
 * library keeps differently per provider or version (base URLs, clients). What cannot be read
 * (absent, or closed by module boundaries) is null: it costs only an attribute.
 */
public final class DeclaredFields {
  private DeclaredFields() {}

  /**
   * The value of the nearest field named {@code name}; null when the target is null or the field
   * absent or closed.
   */
  public static Object value(Object target, String name) {
    if (target == null) {
      return null;
    }
    for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        return read(c.getDeclaredField(name), target);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    return null;
  }

  /**
   * The non-null values of every instance field of object type, the class's own first, then its
   * superclasses'.
   */
  public static List<Object> objectValues(Object target) {
    List<Object> values = new ArrayList<>();
    for (Class<?> c = target.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers()) && !f.getType().isPrimitive()) {
          Object value = read(f, target);
          if (value != null) {
            values.add(value);
          }
        }
      }
    }
    return values;
  }

  private static Object read(Field f, Object target) {
    try {
      f.setAccessible(true);
      return f.get(target);
    } catch (RuntimeException | IllegalAccessException e) {
      return null;
    }
  }
}
