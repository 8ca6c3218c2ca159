package dev.genaiwatch.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One parsed HTTP/1.x request. Header names are case-insensitive; repeated headers are joined with
 * ", " as RFC 9110 allows for list-valued fields.
 */
record HttpRequest(
    String method, String target, String version, Map<String, String> headers, byte[] body) {

  HttpRequest {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(headers);
    headers = copy;
  }

  /** Path without the query string and without a trailing slash. */
  String path() {
    String t = target;
    if (t.startsWith("http://") || t.startsWith("https://")) {
      // absolute-form, as sent to proxies (RFC 9112 3.2.2): keep only the path
      int slash = t.indexOf('/', t.indexOf("//") + 2);
      t = slash >= 0 ? t.substring(slash) : "/";
    }
    int q = t.indexOf('?');
    String p = q >= 0 ? t.substring(0, q) : t;
    if (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  String header(String name) {
    return headers.get(name);
  }

  boolean http11() {
    return "HTTP/1.1".equals(version);
  }

  /** HTTP/1.1 keeps the connection unless told otherwise; HTTP/1.0 only when asked to. */
  boolean keepAlive() {
    String connection = header("Connection");
    String c = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
    if (http11()) {
      return !c.contains("close");
    }
    return c.contains("keep-alive");
  }

  String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
