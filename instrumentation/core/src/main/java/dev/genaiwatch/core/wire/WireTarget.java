package dev.genaiwatch.core.wire;

import java.net.URI;

/**
 * Where a request goes, as an HTTP client already holds it: scheme, host (IPv6 without brackets),
 * port (-1 when the URL has none) and the raw path. OkHttp's {@code HttpUrl.uri()} re-parses the
 * whole URL into a {@link URI} on every request, which was most of what the wire level allocated
 * for a request it then ignored.
 */
public record WireTarget(String scheme, String host, int port, String rawPath) {
  public static WireTarget of(URI uri) {
    String host = uri.getHost();
    if (host != null && host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new WireTarget(uri.getScheme(), host, uri.getPort(), uri.getRawPath());
  }

  /** Scheme, host and port only: paths and query strings are never recorded. */
  String origin() {
    return scheme
        + "://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + (port < 0 ? "" : ":" + port);
  }
}
