package dev.genaiwatch.core.wire;

import dev.genaiwatch.core.gemini.GeminiApi;
import dev.genaiwatch.core.model.LlmCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides from host and path alone (never the query string) whether an HTTP request is an LLM call,
 * and which operation. The OpenAI and Anthropic paths match as suffixes, Gemini's by their last
 * segments ({@code /models/{model}:generateContent}), so {@code /openai/v1/chat/completions} behind
 * a gateway prefix is recognised; extra patterns ({@link WireSettings#PATHS}) cover gateways that
 * rewrite paths entirely: {@code *} matches within one path segment, {@code **} across segments.
 * For a request matched by an extra pattern the operation comes from the request body.
 */
public final class LlmEndpointMatcher {
  private static final String[][] DEFAULT_SUFFIXES = {
    {"/v1/chat/completions", LlmCall.OP_CHAT},
    {"/v1/completions", LlmCall.OP_TEXT_COMPLETION},
    {"/v1/embeddings", LlmCall.OP_EMBEDDINGS},
    {"/v1/responses", LlmEndpointMatcher.OPERATION_RESPONSES},
    {"/v1/messages", LlmEndpointMatcher.OPERATION_ANTHROPIC_MESSAGES},
  };

  /**
   * Returned for the OpenAI Responses API ({@code /v1/responses}): operation {@code chat},
   * Responses wire format.
   */
  public static final String OPERATION_RESPONSES = "responses";

  /** Returned for Anthropic's Messages API ({@code /v1/messages}): operation {@code chat}. */
  public static final String OPERATION_ANTHROPIC_MESSAGES = "anthropic_messages";

  /**
   * Returned for Gemini's {@code .../models/{model}:generateContent} and {@code
   * :streamGenerateContent} (Gemini Developer API, Vertex AI): operation {@code chat}.
   */
  public static final String OPERATION_GEMINI = "gemini_generate_content";

  /** Returned for an extra-pattern match: the body tells the operation. */
  public static final String OPERATION_FROM_BODY = "";

  private final List<Pattern> extraPatterns = new ArrayList<>();
  private final List<String> allowedHosts;
  private final List<String> deniedHosts;

  public LlmEndpointMatcher(WireSettings settings) {
    for (String glob : settings.extraPaths()) {
      extraPatterns.add(globToRegex(glob));
    }
    this.allowedHosts = settings.allowedHosts();
    this.deniedHosts = settings.deniedHosts();
  }

  /**
   * The operation ({@code chat}, {@code text_completion}, {@code embeddings}), {@link
   * #OPERATION_RESPONSES} for the Responses API, {@link #OPERATION_ANTHROPIC_MESSAGES} and {@link
   * #OPERATION_GEMINI} for those providers' formats, {@link #OPERATION_FROM_BODY} for a configured
   * pattern, or null when this is not an LLM call (or a GET, or a denied host).
   */
  public String operation(String method, String host, String path) {
    if (method != null && !"POST".equalsIgnoreCase(method)) {
      return null;
    }
    if (!hostAllowed(host) || path == null) {
      return null;
    }
    String p =
        path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    for (String[] suffix : DEFAULT_SUFFIXES) {
      if (p.endsWith(suffix[0])) {
        return suffix[1];
      }
    }
    if (GeminiApi.generates(p)) {
      return OPERATION_GEMINI;
    }
    for (Pattern pattern : extraPatterns) {
      if (pattern.matcher(p).matches()) {
        return OPERATION_FROM_BODY;
      }
    }
    return null;
  }

  private boolean hostAllowed(String host) {
    String h = host == null ? "" : host.toLowerCase(Locale.ROOT);
    for (String denied : deniedHosts) {
      if (hostMatches(h, denied)) {
        return false;
      }
    }
    if (allowedHosts.isEmpty()) {
      return true;
    }
    for (String allowed : allowedHosts) {
      if (hostMatches(h, allowed)) {
        return true;
      }
    }
    return false;
  }

  /** {@code example.com} matches itself; {@code *.example.com} matches its subdomains. */
  private static boolean hostMatches(String host, String entry) {
    if (entry.startsWith("*.")) {
      return host.endsWith(entry.substring(1));
    }
    return host.equals(entry);
  }

  static Pattern globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          regex.append(".*");
          i++;
        } else {
          regex.append("[^/]*");
        }
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
