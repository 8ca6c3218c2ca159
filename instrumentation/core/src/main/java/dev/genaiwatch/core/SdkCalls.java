package dev.genaiwatch.core;

import dev.genaiwatch.core.model.LlmCall;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the hooks of one SDK (OpenAI, Anthropic, Google Gen AI) calls, the same way for each: start
 * a model call's span where the SDK's service method starts, and end it with whatever the method
 * returned or threw: a response, a future of one, or a stream the application reads later. Every
 * method catches everything: a failure here costs the call its span (and is counted), never the
 * application its response; each returns the application's own object when it cannot do better. One
 * per SDK, held by its {@code *Calls} class.
 */
public final class SdkCalls {
  /** Reads a method's request into a new call; null: no span for it. */
  @FunctionalInterface
  public interface RequestReader {
    LlmCall read(GenAiInstrumenter instrumenter) throws Throwable;
  }

  /**
   * What the application reads a stream through instead of {@code result}, where {@code result} is
   * a stream of this SDK (or a future of one); null when it is not.
   */
  @FunctionalInterface
  public interface StreamObserver {
    Object observed(Object result, ActiveLlmCall call) throws Throwable;
  }

  private final String instrumentation;
  private final Function<Throwable, String> errorType;
  private final LibraryCalls.ResponseReader responseReader;
  private final StreamObserver streams;

  /**
   * {@code errorType} names what a call threw; {@code responseReader} reads a whole response into
   * the call; {@code streams} observes the SDK's streams.
   */
  public SdkCalls(
      String instrumentation,
      Function<Throwable, String> errorType,
      LibraryCalls.ResponseReader responseReader,
      StreamObserver streams) {
    this.instrumentation = instrumentation;
    this.errorType = errorType;
    this.responseReader = responseReader;
    this.streams = streams;
  }

  /**
   * Starts the span and makes it current while the SDK method runs, or returns null when
   * genai-watch is off, or a genai-watch call (a framework's over this SDK, or the SDK's own outer
   * method) already owns the call. Even then the SDK's requests are known to be covered, also those
   * its async client sends without context.
   */
  public ActiveLlmCall start(RequestReader request) {
    GenAiInstrumenter instrumenter = GenAiWatch.instrumenter();
    if (instrumenter == null) {
      return null;
    }
    try {
      instrumenter.ownership().librarySawCall(instrumentation);
      if (CallOwnership.insideLibraryCall(Context.current())) {
        return null;
      }
      LlmCall call = request.read(instrumenter);
      if (call == null) {
        return null;
      }
      ActiveLlmCall active = instrumenter.start(call);
      active.enterScope();
      return active;
    } catch (Throwable t) {
      instrumenter.health().swallowed(instrumentation, t);
      return null;
    }
  }

  /**
   * The SDK method returned {@code result} or threw {@code thrown}: a stream is observed (the
   * application gets what {@code streams} made of it), a future ends the span when it completes,
   * anything else ends it now. Returns what the application gets.
   */
  public Object end(ActiveLlmCall call, Object result, Throwable thrown) {
    if (call == null) {
      return result;
    }
    call.exitScope();
    if (thrown == null) {
      try {
        Object observed = streams.observed(result, call);
        if (observed != null) {
          return observed;
        }
      } catch (Throwable t) {
        failed(call, t);
        return result;
      }
      if (result instanceof CompletableFuture<?>) {
        endWhenComplete(call, result, null);
        return result;
      }
    }
    endSync(call, result, thrown);
    return result;
  }

  /** Ends the span with the response the method returned, or what it threw. */
  public void endSync(ActiveLlmCall call, Object response, Throwable thrown) {
    LibraryCalls.endSync(instrumentation, call, response, thrown, errorType, responseReader);
  }

  /** Ends the span when {@code future} completes ({@link LibraryCalls#endWhenComplete}). */
  public void endWhenComplete(ActiveLlmCall call, Object future, Throwable thrown) {
    LibraryCalls.endWhenComplete(instrumentation, call, future, thrown, errorType, responseReader);
  }

  /**
   * {@code request} with the {@code traceparent} of the genai-watch call current while the SDK
   * prepares it ({@link CallTraceparent#added}), or unchanged: not a {@code type}, no such call,
   * the application set its own header, or adding it failed (counted).
   */
  public <R> Object withTraceparent(
      Object request, Class<R> type, Predicate<R> hasOne, BiFunction<R, String, R> withHeader) {
    try {
      return type.isInstance(request)
          ? CallTraceparent.added(type.cast(request), hasOne, withHeader)
          : request;
    } catch (Throwable t) {
      report(t);
      return request;
    }
  }

  /**
   * Counts {@code t} and ends the call's span as it is; the span may be lost, the application is
   * not.
   */
  public void failed(ActiveLlmCall call, Throwable t) {
    LibraryCalls.failed(instrumentation, call, t);
  }

  /** Counts a failure of genai-watch's own. */
  public void report(Throwable t) {
    LibraryCalls.report(instrumentation, t);
  }
}
