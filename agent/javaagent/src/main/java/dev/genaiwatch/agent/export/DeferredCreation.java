package dev.genaiwatch.agent.export;

import io.opentelemetry.sdk.common.CompletableResultCode;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A sender built at its first use instead of with its exporter. Building the OTLP exporter's OkHttp
 * client loads and initialises some 150 classes of OkHttp, Okio and Kotlin (~100 ms of CPU on these
 * machines); with the exporter built when the telemetry SDK starts, that work competed with the
 * application's own start on the way to its first model call. Built by the first export instead, it
 * runs on the exporter's thread, after the first span has ended.
 *
 * <p>A failed build is remembered and reported again for every later send: a sender that cannot be
 * built from its configuration will not be built by trying again, and the exporter reports each
 * failed export as it would a refused connection.
 */
final class DeferredCreation<S> {
  private final Supplier<S> create;
  private S created;
  private RuntimeException failure;
  private boolean shutDown;

  DeferredCreation(Supplier<S> create) {
    this.create = create;
  }

  /** The sender, built now if this is its first use. */
  synchronized S get() {
    if (shutDown) {
      throw new IllegalStateException("the exporter's sender is shut down");
    }
    if (created == null && failure == null) {
      try {
        created = create.get();
      } catch (RuntimeException | LinkageError e) {
        failure = new IllegalStateException("the exporter's sender could not be built: " + e, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return created;
  }

  /** The sender, or null after {@code onError} was told why there is none (as a send fails). */
  S getOrReport(Consumer<Throwable> onError) {
    try {
      return get();
    } catch (RuntimeException e) {
      onError.accept(e);
      return null;
    }
  }

  /** Marks it shut down, and shuts the sender down if it was ever built. */
  CompletableResultCode shutDown(Function<S, CompletableResultCode> shutdown) {
    S built;
    synchronized (this) {
      shutDown = true;
      built = created;
    }
    return built == null ? CompletableResultCode.ofSuccess() : shutdown.apply(built);
  }

  /** Whether the sender has been built (tests and the debug description). */
  synchronized boolean built() {
    return created != null;
  }
}
