package dev.genaiwatch.processor.receive;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who may read content ({@code /api/*}: prompts, answers, retrieved documents, drift baselines) and
 * {@code /metrics}. With a token, those endpoints require it. Without one, {@code /api/*} is open
 * only while the processor listens on loopback: bound beyond it, anyone on the network could read
 * every prompt, so it is refused.
 */
public record ContentAccess(BearerToken token, boolean loopbackOnly, boolean protectMetrics) {

  /** True when {@code host} (the bind address) accepts connections from this machine only. */
  public static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("bind.address '" + host + "' does not resolve", e);
    }
  }

  /** What a request to the content API gets: null when allowed, else the reason for a 401. */
  public String refuseApi(String authorizationHeaderOrNull) {
    if (token.required()) {
      return token.accepts(authorizationHeaderOrNull) ? null : "missing or wrong bearer token";
    }
    return loopbackOnly
        ? null
        : "the processor listens beyond loopback without auth.token, so /api/* (prompts and"
            + " answers) is refused: set auth.token (or auth.token.file) and send Authorization: Bearer <token>";
  }

  /** Null when {@code /metrics} may be scraped, else the reason for a 401. */
  public String refuseMetrics(String authorizationHeaderOrNull) {
    if (!protectMetrics) {
      return null;
    }
    return token.accepts(authorizationHeaderOrNull)
        ? null
        : "missing or wrong bearer token (auth.metrics=true)";
  }

  /** The one line printed at start when content is refused, or null. */
  public String startNotice(String host) {
    if (token.required() || loopbackOnly) {
      return null;
    }
    return "[genai-watch-processor] listening on "
        + host
        + " (beyond loopback) without auth.token: /api/* is"
        + " refused; set auth.token or auth.token.file to read calls and drift over the network";
  }
}
