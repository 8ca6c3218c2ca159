package dev.genaiwatch.instrumentation.langchain4j;

import dev.genaiwatch.core.FrameworkSpan;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.function.Consumer;

/**
 * Behind the proxy that stands in for the {@code TokenStream} a streaming AI-service method
 * returns: the service method's work happens when the application calls {@code start()}, so the
 * service span stays open until the stream completes or fails, and {@code start()} runs with the
 * service span current (the model calls and tool executions of the stream become its children). The
 * application's own consumers are called with exactly what LangChain4j passes; their exceptions are
 * theirs, rethrown untouched.
 */
final class TracingTokenStream implements InvocationHandler {
  static final String TOKEN_STREAM = "dev.langchain4j.service.TokenStream";

  private final Object delegate;
  private final FrameworkSpan span;

  TracingTokenStream(Object delegate, FrameworkSpan span) {
    this.delegate = delegate;
    this.span = span;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> forward(method, args);
      };
    }
    if (method.getName().equals("start")) {
      try (Scope ignored = span.context().makeCurrent()) {
        return forward(method, args);
      } catch (Throwable t) {
        span.endWithError(t, null);
        throw t;
      }
    }
    Object[] forwarded = args;
    if (args != null && args.length == 1 && args[0] instanceof Consumer<?> consumer) {
      if (method.getName().equals("onCompleteResponse")) {
        forwarded = new Object[] {endingFirst(consumer, false)};
      } else if (method.getName().equals("onError")) {
        forwarded = new Object[] {endingFirst(consumer, true)};
      }
    }
    Object result = forward(method, forwarded);
    // The builder-style methods return the stream itself: keep returning the proxy.
    return result == delegate ? proxy : result;
  }

  @SuppressWarnings("unchecked")
  private Consumer<Object> endingFirst(Consumer<?> application, boolean error) {
    Consumer<Object> app = (Consumer<Object>) application;
    return value -> {
      try {
        if (error && value instanceof Throwable t) {
          span.endWithError(t, LangChain4jExtractor.errorType(t));
        } else {
          span.end();
        }
      } catch (Throwable t) {
        LangChain4jCalls.report(t);
      }
      app.accept(value);
    };
  }

  private Object forward(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
