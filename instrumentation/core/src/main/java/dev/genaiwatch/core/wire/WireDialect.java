package dev.genaiwatch.core.wire;

import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.StreamEventReader;
import dev.genaiwatch.core.anthropic.AnthropicMessagesApi;
import dev.genaiwatch.core.gemini.GeminiApi;
import dev.genaiwatch.core.model.LlmCall;
import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A provider's own wire format, as the wire level reads it: Anthropic's Messages API and Gemini's
 * generate methods. Each reads the request, a whole response and the stream's events with the same
 * code as its SDK's instrumentation, so a raw HTTP call gets the span the SDK call gets.
 *
 * @param operation what {@link LlmEndpointMatcher} returns for the dialect's paths
 * @param sentTo whether a request on such a path, by its headers ({@code header} gives a header's
 *     first value or null), is really the provider's API
 * @param fromPath what the path (without the query) says: operation, provider, for Gemini model and
 *     stream
 * @param events a stream's reader, given the characters of content kept (0: capture off)
 */
record WireDialect(
    String operation,
    Predicate<Function<String, String>> sentTo,
    BiConsumer<String, LlmCall> fromPath,
    BodyReader request,
    BodyReader response,
    BiFunction<ActiveLlmCall, Integer, StreamEventReader> events) {

  /** Reads a request or a whole response, as plain JSON values, into the call. */
  interface BodyReader {
    void read(Object json, LlmCall call, boolean captureContent) throws IOException;
  }

  static final WireDialect ANTHROPIC_MESSAGES =
      new WireDialect(
          LlmEndpointMatcher.OPERATION_ANTHROPIC_MESSAGES,
          // /v1/messages is a common REST path; Anthropic's API (and servers that speak it)
          // requires
          // this header on every request.
          header -> header.apply("anthropic-version") != null,
          AnthropicMessagesApi::fromPath,
          AnthropicMessagesApi::request,
          AnthropicMessagesApi::response,
          AnthropicMessagesApi.Events::new);

  static final WireDialect GEMINI =
      new WireDialect(
          LlmEndpointMatcher.OPERATION_GEMINI,
          // The path (.../models/{model}:generateContent) names the API on its own.
          header -> true,
          GeminiApi::fromPath,
          GeminiApi::request,
          GeminiApi::response,
          (active, captureLimit) ->
              new GeminiApi.Events(active, captureLimit > 0, GeminiApi.PLAIN_JSON));

  private static final List<WireDialect> ALL = List.of(ANTHROPIC_MESSAGES, GEMINI);

  /** The dialect of an operation {@link LlmEndpointMatcher} returned, or null for OpenAI's. */
  static WireDialect of(String operation) {
    for (WireDialect d : ALL) {
      if (d.operation.equals(operation)) {
        return d;
      }
    }
    return null;
  }
}
