package dev.genaiwatch.core;

import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What the library instrumentations (the OpenAI and Anthropic SDKs, LangChain4j, Spring AI) do the
 * same way once their hooked method has returned: end a model call's span or a framework span with
 * what the method returned or threw (at once, or when its future completes), and count a failure of
 * genai-watch's own instead of letting it reach the application. Every method catches everything: a
 * failure here costs a span, never the application its result.
 */
public final class LibraryCalls {
  /** Reads an SDK's response object into the call; may throw on a shape it does not know. */
  @FunctionalInterface
  public interface ResponseReader {
    void read(Object response, ActiveLlmCall call) throws Throwable;
  }

  private LibraryCalls() {}

  /**
   * An SDK method returned {@code response} or threw {@code thrown}: leaves the call's scope and
   * ends its span, with {@code errorType}'s name for what was thrown, else after {@code reader} has
   * read the response.
   */
  public static void endSync(
      String instrumentation,
      ActiveLlmCall call,
      Object response,
      Throwable thrown,
      Function<Throwable, String> errorType,
      ResponseReader reader) {
    if (call == null) {
      return;
    }
    call.exitScope();
    end(instrumentation, call, response, thrown, errorType, reader);
  }

  /**
   * An async SDK method returned {@code future} (or threw): the span ends when the future
   * completes, as {@link #endSync} would end it. Observes, never replaces: the application keeps
   * the SDK's own future, with its own exceptions.
   */
  public static void endWhenComplete(
      String instrumentation,
      ActiveLlmCall call,
      Object future,
      Throwable thrown,
      Function<Throwable, String> errorType,
      ResponseReader reader) {
    if (call == null) {
      return;
    }
    call.exitScope();
    try {
      if (thrown != null || !(future instanceof CompletableFuture<?> f)) {
        end(instrumentation, call, null, thrown, errorType, reader);
        return;
      }
      f.whenComplete(
          (response, error) -> {
            if (error != null) {
              Throwable cause = completionCause(error);
              call.endWithError(cause, errorType.apply(cause));
            } else {
              end(instrumentation, call, response, null, errorType, reader);
            }
          });
    } catch (Throwable t) {
      failed(instrumentation, call, t);
    }
  }

  private static void end(
      String instrumentation,
      ActiveLlmCall call,
      Object response,
      Throwable thrown,
      Function<Throwable, String> errorType,
      ResponseReader reader) {
    try {
      if (thrown != null) {
        call.endWithError(thrown, errorType.apply(thrown));
        return;
      }
      reader.read(response, call);
      call.end();
    } catch (Throwable t) {
      failed(instrumentation, call, t);
    }
  }

  /** What a {@code CompletableFuture} failed with, without the wrappers the JDK adds around it. */
  public static Throwable completionCause(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Starts a model call's span as {@code start} makes it (null: no span, e.g. when the call is
   * nested in another), current while the method runs so that the HTTP client or SDK underneath
   * adds no second span. Null when genai-watch is not installed, or when starting failed (counted).
   */
  public static ActiveLlmCall startCall(
      String instrumentation, Function<GenAiInstrumenter, ActiveLlmCall> start) {
    return startCurrent(instrumentation, start, ActiveLlmCall::enterScope);
  }

  /**
   * As {@link #startCall}, for a framework span (a service method, a client call, a tool
   * execution).
   */
  public static FrameworkSpan startFramework(
      String instrumentation, Function<GenAiInstrumenter, FrameworkSpan> start) {
    return startCurrent(instrumentation, start, FrameworkSpan::enterScope);
  }

  private static <T> T startCurrent(
      String instrumentation, Function<GenAiInstrumenter, T> start, Consumer<T> enterScope) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter == null) {
      return null;
    }
    try {
      T started = start.apply(instrumenter);
      if (started != null) {
        enterScope.accept(started);
      }
      return started;
    } catch (Throwable t) {
      instrumenter.health().swallowed(instrumentation, t);
      return null;
    }
  }

  /**
   * The model method returned ({@code thrown} null) or threw: leaves the call's scope and ends its
   * span, with {@code errorType}'s name for what was thrown, else after {@code readResponse} has
   * read the response into the call. A call that already ended (a tool round ended it) stays as it
   * was.
   */
  public static void endCall(
      String instrumentation,
      ActiveLlmCall call,
      Throwable thrown,
      Function<Throwable, String> errorType,
      Consumer<LlmCall> readResponse) {
    if (call == null) {
      return;
    }
    call.exitScope();
    if (call.isEnded()) {
      return;
    }
    try {
      if (thrown != null) {
        call.endWithError(thrown, errorType.apply(thrown));
        return;
      }
      readResponse.accept(call.call());
      call.end();
    } catch (Throwable t) {
      failed(instrumentation, call, t);
    }
  }

  /**
   * A framework method (a service, a client call, a tool) returned or threw: leaves the span's
   * scope and ends it, with {@code errorType}'s name for what was thrown, else after {@code
   * recordResult} has recorded the result. A failure in between ends the span with what it has.
   */
  public static void endFramework(
      String instrumentation,
      FrameworkSpan span,
      Throwable thrown,
      Function<Throwable, String> errorType,
      Consumer<FrameworkSpan> recordResult) {
    if (span == null) {
      return;
    }
    span.exitScope();
    try {
      if (thrown != null) {
        span.endWithError(thrown, errorType.apply(thrown));
        return;
      }
      recordResult.accept(span);
      span.end();
    } catch (Throwable t) {
      report(instrumentation, t);
      span.end();
    }
  }

  /**
   * True when the current framework span is already the one of {@code subject}: a method delegating
   * to an overload of itself (a default method, {@code content()} through {@code chatResponse()})
   * is one span.
   */
  public static boolean frameworkSpanAlreadyCurrent(Object subject) {
    FrameworkSpan current = GenAiInstrumenter.activeFrameworkSpan(Context.current());
    return current != null && current.subject() == subject;
  }

  /**
   * Counts {@code t} and ends the call's span as it is; the span may be lost, the application is
   * not.
   */
  public static void failed(String instrumentation, ActiveLlmCall call, Throwable t) {
    report(instrumentation, t);
    try {
      call.end();
    } catch (Throwable ignored) {
      // The span is lost; the application is not.
    }
  }

  /**
   * Counts a failure of genai-watch's own against {@code instrumentation}, when genai-watch is
   * installed.
   */
  public static void report(String instrumentation, Throwable t) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter != null) {
      instrumenter.health().swallowed(instrumentation, t);
    }
  }
}
