package dev.genaiwatch.processor.receive;

import dev.genaiwatch.processor.ProcessorConfig;
import dev.genaiwatch.processor.tls.ServerTls;

/**
 * How the receivers listen and whom they serve, read and checked at start (before anything
 * listens): address and ports, the token, TLS, and the limits that bound what one sender can make
 * the processor hold.
 */
public record ReceiverSettings(
    String host,
    int grpcPort,
    int httpPort,
    int maxBodyBytes,
    BearerToken token,
    ContentAccess access,
    ServerTls tlsOrNull,
    int memoryLimitPercent,
    long idleTimeoutMillis,
    int maxConnections,
    int retryAfterSeconds) {

  public static ReceiverSettings from(ProcessorConfig config) {
    // Loopback unless configured: prompts and answers are not offered to the network by default.
    String host = config.string("bind.address", "127.0.0.1");
    BearerToken token = BearerToken.of(config.secret("auth.token"));
    ContentAccess access =
        new ContentAccess(
            token, ContentAccess.isLoopback(host), config.bool("auth.metrics", false));
    return new ReceiverSettings(
        host,
        port(config, "grpc.port", 4317),
        port(config, "http.port", 4318),
        positive(config, "max.body.bytes", 16 * 1024 * 1024),
        token,
        access,
        ServerTls.of(
            config.string("tls.cert.file", ""),
            config.string("tls.key.file", ""),
            config.string("tls.client.ca.file", ""),
            config.millis("tls.reload.interval.ms", 10_000).toMillis()),
        config.integer("memory.limit.percent", 80),
        config.millis("http.idle.timeout.ms", 60_000).toMillis(),
        config.integer("http.max.connections", 1024),
        positive(config, "retry.after.seconds", 1));
  }

  private static int port(ProcessorConfig config, String key, int defaultPort) {
    int port = config.integer(key, defaultPort);
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException(key + " must be 0 (any free port) to 65535, was " + port);
    }
    return port;
  }

  private static int positive(ProcessorConfig config, String key, int defaultValue) {
    int value = config.integer(key, defaultValue);
    ProcessorConfig.requireAtLeast(key, 1, value);
    return value;
  }

  /** The one line for the operator when content is refused for want of a token, or null. */
  public String startNotice() {
    return access.startNotice(host);
  }
}
