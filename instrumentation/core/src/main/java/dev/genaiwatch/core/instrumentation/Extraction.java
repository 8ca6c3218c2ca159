package dev.genaiwatch.core.instrumentation;

import dev.genaiwatch.core.GenAiInstrumenter;
import dev.genaiwatch.core.GenAiWatch;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What the SDK extractors ask the same way: whether content is captured, an optional value of an
 * SDK object (the SDKs throw for absent or mistyped fields, which just means "unknown"), and the
 * {@code error.type} of what a call threw.
 */
public final class Extraction {
  private Extraction() {}

  /** Whether genai-watch is installed with content capture on. */
  public static boolean captureEnabled() {
    GenAiInstrumenter i = GenAiWatch.instrumenter();
    return i != null && i.content().enabled();
  }

  /** Reads one optional value; null when the SDK throws for it. */
  public static <T> T quietly(Supplier<T> read) {
    try {
      return read.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The semconv {@code error.type}: {@code httpStatus} for a service error (when known, above 0),
   * {@code timeout} for a timeout anywhere in the cause chain, else the exception's class.
   */
  public static String errorType(Throwable error, Integer httpStatus) {
    if (httpStatus != null && httpStatus > 0) {
      return Integer.toString(httpStatus);
    }
    // Bounded walk: a cause chain can be cyclic (a.initCause(b) with b caused by a).
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof SocketTimeoutException
          || t instanceof HttpTimeoutException
          || t instanceof TimeoutException
          || (t instanceof InterruptedIOException && "timeout".equalsIgnoreCase(t.getMessage()))) {
        return "timeout";
      }
    }
    return error.getClass().getName();
  }
}
