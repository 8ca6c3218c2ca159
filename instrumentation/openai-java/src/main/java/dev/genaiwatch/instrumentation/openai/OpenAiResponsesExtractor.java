package dev.genaiwatch.instrumentation.openai;

import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.instrumentation.Extraction;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.openai.JsonValueReader;
import dev.genaiwatch.core.openai.OpenAiResponses;
import java.io.IOException;

/**
 * The Responses API's SDK objects ({@code com.openai.models.responses}) into {@link LlmCall},
 * through their wire JSON: the SDK's own mapper writes the request body, the response and the
 * terminal stream events, and {@link OpenAiResponses} reads them exactly as the wire level reads
 * the same bytes, so SDK and wire spans agree. Text deltas, the bulk of a stream, are read through
 * the SDK's accessors instead (no serialisation per token). A class of its own, reached only for
 * Responses objects, so that an SDK without the Responses API never loads it.
 */
final class OpenAiResponsesExtractor {
  private OpenAiResponsesExtractor() {}

  /** The request, or null when {@code params} is not a Responses API request. */
  static LlmCall request(Object params, LlmCall call, boolean stream, boolean captureContent)
      throws Throwable {
    if (!(params instanceof ResponseCreateParams p)) {
      return null;
    }
    OpenAiResponses.request(
        JsonValueReader.read(OpenAiSdkJson.write(p._body())), call, captureContent);
    // The SDK adds "stream" when it sends a createStreaming request; the body object does not hold
    // it.
    call.stream = stream;
    return call;
  }

  static void response(Object response, ActiveLlmCall active) throws Throwable {
    if (response instanceof Response r) {
      OpenAiResponses.response(
          JsonValueReader.read(OpenAiSdkJson.write(r)), active.call(), captureEnabled());
    }
  }

  /** One {@code ResponseStreamEvent}; records the chunk on the call's timer. */
  static void chunk(Object chunk, ActiveLlmCall active) {
    if (!(chunk instanceof ResponseStreamEvent e)) {
      active.onChunk(false);
      return;
    }
    if (e.isOutputTextDelta()) {
      String delta = OpenAiJavaExtractor.quietly(() -> e.asOutputTextDelta().delta());
      boolean content = delta != null && !delta.isEmpty();
      if (content) {
        active.streamedOutput().append(0, delta);
      }
      active.onChunk(content);
    } else if (e.isFunctionCallArgumentsDelta() || e.isRefusalDelta()) {
      active.onChunk(true);
    } else if (e.isCompleted() || e.isIncomplete() || e.isFailed() || e.isCreated()) {
      String json;
      try {
        json = OpenAiSdkJson.write(e);
      } catch (Throwable t) {
        active.onChunk(false);
        throw new IllegalStateException("the SDK could not write its own stream event", t);
      }
      try {
        OpenAiResponses.event(JsonValueReader.read(json), active, captureEnabled());
      } catch (IOException notJson) {
        active.onChunk(false);
        throw new IllegalStateException("the SDK wrote a stream event that is not JSON", notJson);
      }
    } else {
      active.onChunk(false);
    }
  }

  private static boolean captureEnabled() {
    return Extraction.captureEnabled();
  }
}
