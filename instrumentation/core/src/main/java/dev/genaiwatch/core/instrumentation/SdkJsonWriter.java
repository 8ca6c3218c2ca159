package dev.genaiwatch.core.instrumentation;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;

/**
 * Serialises SDK objects with the SDK's own Jackson mapper, which knows their wire format: the
 * Stainless-generated SDKs (OpenAI, Anthropic) each have an {@code ObjectMappers.jsonMapper()}.
 * Reached reflectively and without naming any Jackson type, on purpose: the agent relocates its own
 * Jackson, and relocation rewrites both compiled references and class-name strings, which would
 * then point at the agent's copy instead of the SDK's.
 */
public final class SdkJsonWriter {
  private static final ClassValue<MethodHandle[]> HANDLES =
      new ClassValue<>() {
        @Override
        protected MethodHandle[] computeValue(Class<?> objectMappers) {
          try {
            Method jsonMapper = objectMappers.getMethod("jsonMapper");
            Method write = jsonMapper.getReturnType().getMethod("writeValueAsString", Object.class);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new MethodHandle[] {lookup.unreflect(jsonMapper), lookup.unreflect(write)};
          } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                "the SDK's ObjectMappers.jsonMapper() is not usable", e);
          }
        }
      };

  private SdkJsonWriter() {}

  /**
   * {@code sdkObject} as JSON, written by the mapper of the SDK whose {@code ObjectMappers} class
   * is {@code objectMappers} (the helper names it, so it is the application's copy of the SDK).
   */
  public static String write(Class<?> objectMappers, Object sdkObject) throws Throwable {
    MethodHandle[] h = HANDLES.get(objectMappers);
    Object mapper = h[0].invoke();
    return (String) h[1].invoke(mapper, sdkObject);
  }
}
