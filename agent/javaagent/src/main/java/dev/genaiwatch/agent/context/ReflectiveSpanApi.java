package dev.genaiwatch.agent.context;

import dev.genaiwatch.core.GenAiWatchLog;
import io.opentelemetry.api.trace.SpanContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;

/**
 * One OpenTelemetry API ({@code Span.current()} and the span context's accessors) found by name in
 * one class loader and called through method handles, since its classes are not genai-watch's.
 */
final class ReflectiveSpanApi {
  static final ReflectiveSpanApi ABSENT = new ReflectiveSpanApi(null);

  /**
   * The handles, in the order they are called: the current span, its context, and the context's
   * parts. Each is adapted once to {@code Object} parameters and results ({@link #erased}) and
   * called with {@code invokeExact}: a handle that is not a constant, called with {@code invoke},
   * adapts its type on every call.
   */
  private record Handles(
      MethodHandle current,
      MethodHandle getSpanContext,
      MethodHandle isValid,
      MethodHandle getTraceId,
      MethodHandle getSpanId,
      MethodHandle getTraceFlags,
      MethodHandle isRemote,
      MethodHandle traceStateAsMap) {}

  private final Handles handles;
  private volatile boolean failed;

  private ReflectiveSpanApi(Handles handles) {
    this.handles = handles;
  }

  /**
   * The API whose {@code Span} interface is {@code spanClassName} in {@code loader}, or {@link
   * #ABSENT}.
   */
  static ReflectiveSpanApi find(String spanClassName, ClassLoader loader) {
    Class<?> span;
    try {
      span = Class.forName(spanClassName, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      return ABSENT;
    }
    try {
      String pkg = spanClassName.substring(0, spanClassName.lastIndexOf('.') + 1);
      Class<?> spanContext = Class.forName(pkg + "SpanContext", false, span.getClassLoader());
      Class<?> traceFlags = Class.forName(pkg + "TraceFlags", false, span.getClassLoader());
      Class<?> traceState = Class.forName(pkg + "TraceState", false, span.getClassLoader());
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      return new ReflectiveSpanApi(
          new Handles(
              erased(lookup.findStatic(span, "current", MethodType.methodType(span))),
              erased(
                  lookup.findVirtual(span, "getSpanContext", MethodType.methodType(spanContext))),
              erased(
                  lookup.findVirtual(spanContext, "isValid", MethodType.methodType(boolean.class))),
              erased(
                  lookup.findVirtual(
                      spanContext, "getTraceId", MethodType.methodType(String.class))),
              erased(
                  lookup.findVirtual(
                      spanContext, "getSpanId", MethodType.methodType(String.class))),
              erased(
                  MethodHandles.filterReturnValue(
                      lookup.findVirtual(
                          spanContext, "getTraceFlags", MethodType.methodType(traceFlags)),
                      lookup.findVirtual(traceFlags, "asByte", MethodType.methodType(byte.class)))),
              erased(
                  lookup.findVirtual(
                      spanContext, "isRemote", MethodType.methodType(boolean.class))),
              erased(
                  MethodHandles.filterReturnValue(
                      lookup.findVirtual(
                          spanContext, "getTraceState", MethodType.methodType(traceState)),
                      lookup.findVirtual(traceState, "asMap", MethodType.methodType(Map.class))))));
    } catch (Throwable t) {
      GenAiWatchLog.warn(
          "found "
              + spanClassName
              + " but not the API genai-watch expects; genai-watch spans will"
              + " not join the application's traces: "
              + t);
      return ABSENT;
    }
  }

  /**
   * {@code handle} with every reference parameter and result as {@code Object}; primitives stay.
   */
  private static MethodHandle erased(MethodHandle handle) {
    return handle.asType(handle.type().erase());
  }

  @SuppressWarnings("unchecked")
  SpanContext currentSpanContext() {
    if (this == ABSENT || failed) {
      return SpanContext.getInvalid();
    }
    try {
      Handles h = handles;
      Object span = (Object) h.current().invokeExact();
      Object context = (Object) h.getSpanContext().invokeExact(span);
      if (!(boolean) h.isValid().invokeExact(context)) {
        return SpanContext.getInvalid();
      }
      byte flagsByte = (byte) h.getTraceFlags().invokeExact(context);
      return ApplicationOpenTelemetryBridge.toSpanContext(
          (String) (Object) h.getTraceId().invokeExact(context),
          (String) (Object) h.getSpanId().invokeExact(context),
          flagsByte,
          (boolean) h.isRemote().invokeExact(context),
          (Map<String, String>) (Object) h.traceStateAsMap().invokeExact(context));
    } catch (Throwable t) {
      // An API that misbehaves once is not asked again: never cost every call an exception.
      failed = true;
      GenAiWatchLog.warn(
          "reading the application's current span failed; genai-watch spans start their own"
              + " traces from now on: "
              + t);
      return SpanContext.getInvalid();
    }
  }
}
