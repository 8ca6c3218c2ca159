package dev.genaiwatch.testing;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The checkpoint every export request passes on either protocol: it is counted, then possibly
 * failed on purpose. Counting comes first so a retry test sees the failed attempts too.
 */
final class ExportGate {
  private final AtomicIntegerArray counts =
      new AtomicIntegerArray(Signal.values().length * Protocol.values().length);
  private int failuresLeft; // guarded by this
  private int failureStatus; // guarded by this

  /** Returns the HTTP status to fail this request with, or empty to let it through. */
  OptionalInt arrive(Signal signal, Protocol protocol) {
    counts.incrementAndGet(index(signal, protocol));
    synchronized (this) {
      if (failuresLeft > 0) {
        failuresLeft--;
        return OptionalInt.of(failureStatus);
      }
    }
    return OptionalInt.empty();
  }

  synchronized void failNext(int requests, int httpStatus) {
    if (requests < 0) {
      throw new IllegalArgumentException("requests must be >= 0: " + requests);
    }
    if (httpStatus < 400 || httpStatus > 599) {
      throw new IllegalArgumentException("httpStatus must be a 4xx or 5xx code: " + httpStatus);
    }
    failuresLeft = requests;
    failureStatus = httpStatus;
  }

  int count(Signal signal, Protocol protocol) {
    return counts.get(index(signal, protocol));
  }

  void reset() {
    for (int i = 0; i < counts.length(); i++) {
      counts.set(i, 0);
    }
    synchronized (this) {
      failuresLeft = 0;
    }
  }

  private static int index(Signal signal, Protocol protocol) {
    return signal.ordinal() * Protocol.values().length + protocol.ordinal();
  }
}
