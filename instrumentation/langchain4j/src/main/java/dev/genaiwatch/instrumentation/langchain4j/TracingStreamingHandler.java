package dev.genaiwatch.instrumentation.langchain4j;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Behind the proxy that stands in for the application's {@code StreamingChatResponseHandler}. The
 * span ends before the application hears the end, so whatever the application's handler does next
 * (throw, start the next call of a tool loop) is outside it. The application's callbacks run with
 * the context of the original call site current, whichever thread LangChain4j calls them on, so
 * calls they make (the next round of an AI service's tool loop) keep the right parent. An exception
 * the application's handler throws is rethrown untouched.
 */
final class TracingStreamingHandler implements InvocationHandler {
  private final Object delegate;
  private final ActiveLlmCall call;
  private final Context callerContext;

  TracingStreamingHandler(Object delegate, ActiveLlmCall call) {
    this.delegate = delegate;
    this.call = call;
    this.callerContext = call.parentContext();
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, args);
    }
    observe(method.getName(), args);
    try (Scope ignored = callerContext.makeCurrent()) {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private void observe(String callback, Object[] args) {
    try {
      switch (callback) {
        case "onPartialResponse", "onPartialToolCall", "onPartialThinking" -> call.onChunk(true);
        case "onCompleteResponse" -> {
          if (args != null && args.length == 1 && args[0] instanceof ChatResponse response) {
            LangChain4jExtractor.chatResponse(response, call.call());
          }
          call.end();
        }
        case "onError" -> {
          Throwable error =
              args != null && args.length == 1 && args[0] instanceof Throwable t ? t : null;
          if (error != null) {
            call.endWithError(error, LangChain4jExtractor.errorType(error));
          } else {
            call.end();
          }
        }
        default -> {
          // Other callbacks (tool-call completion, raw events) carry nothing the span needs.
        }
      }
    } catch (Throwable t) {
      LangChain4jCalls.failed(call, t);
    }
  }

  private Object objectMethod(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        try {
          return method.invoke(delegate, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
    }
  }
}
