package dev.genaiwatch.core.instrumentation;

import dev.genaiwatch.core.GenAiWatchLog;
import java.lang.reflect.Field;

/**
 * A field a hooked class declares (the SDK services' private {@code clientOptions}), read by
 * reflection from the hook, which is given the instance. Looked up and made accessible once per
 * class; a class where that fails (the field renamed, a module that does not open its package)
 * reads as null, said once in the debug log, and the call is traced without what the field would
 * have told.
 */
public final class DeclaredField {
  private final String name;
  private final ClassValue<Field> fields =
      new ClassValue<>() {
        @Override
        protected Field computeValue(Class<?> type) {
          try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
          } catch (Throwable t) {
            GenAiWatchLog.debug("field " + name + " not readable on " + type.getName(), t);
            return null;
          }
        }
      };

  public DeclaredField(String name) {
    this.name = name;
  }

  /** The field's value on {@code instance}; null when it cannot be read. Never throws. */
  public Object readFrom(Object instance) {
    try {
      Field field = fields.get(instance.getClass());
      return field == null ? null : field.get(instance);
    } catch (Throwable t) {
      return null;
    }
  }
}
