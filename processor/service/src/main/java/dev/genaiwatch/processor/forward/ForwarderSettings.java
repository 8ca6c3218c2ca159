package dev.genaiwatch.processor.forward;

import dev.genaiwatch.processor.ProcessorConfig;
import dev.genaiwatch.processor.pipeline.ProcessorMetrics;
import dev.genaiwatch.processor.tls.ClientTls;
import java.time.Duration;
import java.util.Locale;

/**
 * Where and how accepted telemetry is forwarded, read and checked at start: every {@code
 * downstream.*} key is read even without an endpoint, so a bad value is reported rather than
 * ignored until the endpoint is set.
 */
public record ForwarderSettings(
    String endpointOrEmpty,
    String protocol,
    Duration timeout,
    String tokenOrNull,
    ClientTls tlsOrNull,
    RetryPolicy retryPolicy) {

  public static ForwarderSettings from(ProcessorConfig config) {
    String endpoint = config.string("downstream.endpoint", "");
    String protocol = config.string("downstream.protocol", "grpc").toLowerCase(Locale.ROOT);
    if (!protocol.equals("grpc") && !protocol.equals("http/protobuf") && !protocol.equals("http")) {
      throw new IllegalArgumentException(
          "downstream.protocol must be grpc or http/protobuf, was '" + protocol + "'");
    }
    String token = config.secret("downstream.token");
    ClientTls tls =
        ClientTls.of(
            config.string("downstream.tls.ca.file", ""),
            config.string("downstream.tls.cert.file", ""),
            config.string("downstream.tls.key.file", ""),
            config.bool("downstream.tls.insecure_skip_verify", false));
    boolean https = endpoint.regionMatches(true, 0, "https:", 0, 6);
    if (!endpoint.isEmpty() && !https && tls.configured()) {
      throw new IllegalArgumentException(
          "downstream.tls.* is set but downstream.endpoint "
              + endpoint
              + " is not https://: use https:// for TLS");
    }
    RetryPolicy policy =
        new RetryPolicy(
            config.integer("downstream.max.attempts", 5),
            config.millis("downstream.initial.backoff.ms", 200),
            config.millis("downstream.max.backoff.ms", 5_000));
    return new ForwarderSettings(
        endpoint,
        protocol,
        config.millis("downstream.timeout.ms", 10_000),
        token.isEmpty() ? null : token,
        https ? tls : null,
        policy);
  }

  /** The forwarder, or null without an endpoint (calls are kept in memory only). */
  public Forwarder create(ProcessorMetrics metrics) {
    if (endpointOrEmpty.isEmpty()) {
      return null;
    }
    Downstream downstream =
        protocol.equals("grpc")
            ? new GrpcDownstream(endpointOrEmpty, timeout, tokenOrNull, tlsOrNull)
            : new HttpDownstream(endpointOrEmpty, timeout, tokenOrNull, tlsOrNull);
    return new Forwarder(downstream, retryPolicy, metrics);
  }
}
