package dev.genaiwatch.processor;

import java.util.concurrent.TimeUnit;

/**
 * Stops something that can be asked to stop, waited for and forced (a gRPC server or channel, a
 * child process; they share no type): asked, given up to {@code seconds} to finish, then forced; an
 * interrupt forces it at once and is kept.
 */
public final class OrderlyStop {
  private OrderlyStop() {}

  /** A server's or channel's {@code awaitTermination}, a process's {@code waitFor}. */
  public interface Termination {
    boolean await(long timeout, TimeUnit unit) throws InterruptedException;
  }

  public static void stop(Runnable ask, Termination termination, long seconds, Runnable force) {
    ask.run();
    try {
      if (!termination.await(seconds, TimeUnit.SECONDS)) {
        force.run();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      force.run();
    }
  }
}
