package dev.genaiwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * A loopback port where every connection is refused, for as long as the test JVM runs: the port is
 * held bound without listening, so no other process can take it meanwhile. (The port of a socket
 * that was just closed could be bound again by a test running beside this one, which would then
 * answer what was meant to go nowhere.)
 */
public final class RefusedPort {
  private static SocketChannel held;

  private RefusedPort() {}

  /** The port, on 127.0.0.1; the same one for every caller in this JVM. */
  public static synchronized int port() {
    try {
      if (held == null) {
        held = SocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
      }
      return ((InetSocketAddress) held.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no loopback port to hold", e);
    }
  }
}
