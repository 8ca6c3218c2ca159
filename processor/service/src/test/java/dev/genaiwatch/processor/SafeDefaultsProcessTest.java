package dev.genaiwatch.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor as shipped, in its own JVM, with nothing but ports and a data directory configured.
 */
class SafeDefaultsProcessTest {
  @TempDir Path workDir;

  private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }

  @Test
  void byDefaultItListensOnLoopbackOnly() throws Exception {
    Optional<InetAddress> external = nonLoopbackAddress();
    assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
    try (ForkedProcessor p =
        ForkedProcessor.start(workDir, Map.of("data.dir", workDir.resolve("data").toString()))) {
      try (Socket loopback = new Socket()) {
        loopback.connect(new InetSocketAddress("127.0.0.1", p.httpPort), 5000);
      }
      for (int port : new int[] {p.httpPort, p.grpcPort}) {
        assertThatThrownBy(
                () -> {
                  try (Socket outside = new Socket()) {
                    outside.connect(new InetSocketAddress(external.get(), port), 5000);
                  }
                })
            .as("connecting to %s:%d", external.get(), port)
            .isInstanceOf(IOException.class);
      }
      assertThat(p.client.get("/api/calls").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void boundBeyondLoopbackWithoutATokenTheApiIsRefusedAndStderrSaysWhyInOneLine() throws Exception {
    try (ForkedProcessor p =
        ForkedProcessor.start(
            workDir,
            Map.of("data.dir", workDir.resolve("data").toString(), "bind.address", "0.0.0.0"))) {
      assertThat(p.client.get("/api/calls").statusCode()).isEqualTo(401);
      assertThat(p.stderr)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .startsWith("[genai-watch-processor] listening on 0.0.0.0")
                      .contains("auth.token"));
    }
  }
}
