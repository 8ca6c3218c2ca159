package dev.genaiwatch.core;

import dev.genaiwatch.core.model.LlmCall;
import java.net.URI;
import java.util.Locale;

/**
 * {@code server.address} and {@code server.port} from a client's base URL. Only host and port are
 * kept: paths and query strings can carry deployment names or keys and are never recorded.
 */
public final class ServerEndpoint {
  private ServerEndpoint() {}

  public static void intoCall(String baseUrl, LlmCall call) {
    if (baseUrl == null) {
      return;
    }
    try {
      URI uri = URI.create(baseUrl.trim());
      if (uri.getHost() == null) {
        return;
      }
      String host = uri.getHost();
      // An IPv6 literal without its URL brackets, as the conventions record addresses.
      call.serverAddress =
          host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
      // Azure OpenAI speaks the OpenAI protocol but is its own provider in the conventions.
      if (uri.getHost().toLowerCase(Locale.ROOT).endsWith(".openai.azure.com")) {
        call.provider = "azure.ai.openai";
      }
      int port = uri.getPort();
      if (port < 0) {
        port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
      }
      call.serverPort = (long) port;
    } catch (IllegalArgumentException ignored) {
      // An unparseable base URL only costs us the server attributes.
    }
  }
}
