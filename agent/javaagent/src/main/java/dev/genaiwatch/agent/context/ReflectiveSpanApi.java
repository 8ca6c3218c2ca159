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
   * parts.
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
              lookup.findStatic(span, "current", MethodType.methodType(span)),
              lookup.findVirtual(span, "getSpanContext", MethodType.methodType(spanContext)),
              lookup.findVirtual(spanContext, "isValid", MethodType.methodType(boolean.class)),
              lookup.findVirtual(spanContext, "getTraceId", MethodType.methodType(String.class)),
              lookup.findVirtual(spanContext, "getSpanId", MethodType.methodType(String.class)),
              MethodHandles.filterReturnValue(
                  lookup.findVirtual(
                      spanContext, "getTraceFlags", MethodType.methodType(traceFlags)),
                  lookup.findVirtual(traceFlags, "asByte", MethodType.methodType(byte.class))),
              lookup.findVirtual(spanContext, "isRemote", MethodType.methodType(boolean.class)),
              MethodHandles.filterReturnValue(
                  lookup.findVirtual(
                      spanContext, "getTraceState", MethodType.methodType(traceState)),
                  lookup.findVirtual(traceState, "asMap", MethodType.methodType(Map.class)))));
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

  @SuppressWarnings("unchecked")
  SpanContext currentSpanContext() {
    if (this == ABSENT || failed) {
      return SpanContext.getInvalid();
    }
    try {
      Handles h = handles;
      Object context = h.getSpanContext().invoke(h.current().invoke());
      if (!(boolean) h.isValid().invoke(context)) {
        return SpanContext.getInvalid();
      }
      byte flagsByte = (byte) h.getTraceFlags().invoke(context);
      return ApplicationOpenTelemetryBridge.toSpanContext(
          (String) h.getTraceId().invoke(context),
          (String) h.getSpanId().invoke(context),
          flagsByte,
          (boolean) h.isRemote().invoke(context),
          (Map<String, String>) h.traceStateAsMap().invoke(context));
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
