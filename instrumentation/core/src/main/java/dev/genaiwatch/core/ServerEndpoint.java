package dev.genaiwatch.core;

import dev.genaiwatch.core.model.LlmCall;
import java.net.URI;
import java.util.Locale;

/**
 * {@code server.address} and {@code server.port} from a client's base URL. Only host and port are
 * kept: paths and query strings can carry deployment names or keys and are never recorded.
 */
public final class ServerEndpoint {
  /**
   * The last base URL parsed: a client sends every call to the same one, so the URL is parsed once
   * rather than per call, and every call carries the same address and port instances (which the
   * metric attribute sets then compare by reference). A second client alternating with the first
   * only costs the parse again.
   */
  private static volatile Parsed last;

  private record Parsed(String baseUrl, String address, Long port, boolean azure) {}

  private ServerEndpoint() {}

  public static void intoCall(String baseUrl, LlmCall call) {
    if (baseUrl == null) {
      return;
    }
    Parsed parsed = last;
    if (parsed == null || !parsed.baseUrl().equals(baseUrl)) {
      parsed = parse(baseUrl);
      if (parsed == null) {
        return;
      }
      last = parsed;
    }
    call.serverAddress = parsed.address();
    // Azure OpenAI speaks the OpenAI protocol but is its own provider in the conventions.
    if (parsed.azure()) {
      call.provider = "azure.ai.openai";
    }
    call.serverPort = parsed.port();
  }

  /** Null when the URL has no host or does not parse: that only costs the server attributes. */
  private static Parsed parse(String baseUrl) {
    try {
      URI uri = URI.create(baseUrl.trim());
      String host = uri.getHost();
      if (host == null) {
        return null;
      }
      int port = uri.getPort();
      if (port < 0) {
        port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
      }
      return new Parsed(
          baseUrl,
          // An IPv6 literal without its URL brackets, as the conventions record addresses.
          host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host,
          (long) port,
          host.toLowerCase(Locale.ROOT).endsWith(".openai.azure.com"));
    } catch (IllegalArgumentException ignored) {
      return null;
    }
  }
}
