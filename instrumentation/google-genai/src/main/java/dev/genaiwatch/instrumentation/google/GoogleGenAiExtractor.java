package dev.genaiwatch.instrumentation.google;

import com.google.genai.ApiClient;
import com.google.genai.JsonSerializable;
import com.google.genai.errors.ApiException;
import com.google.genai.types.ContentEmbedding;
import com.google.genai.types.EmbedContentResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.ServerEndpoint;
import dev.genaiwatch.core.gemini.GeminiApi;
import dev.genaiwatch.core.instrumentation.Extraction;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.openai.JsonValueReader;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiProviderNameIncubatingValues;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Reads the Google Gen AI SDK's objects into {@link LlmCall}. Request parameters come from the
 * typed config; contents and responses from the SDK's own JSON ({@code toJson()}), which is the
 * Gemini wire shape and the same for every SDK version.
 */
final class GoogleGenAiExtractor {
  private GoogleGenAiExtractor() {}

  static LlmCall request(Object apiClient, Object model, String operation, boolean stream) {
    LlmCall call = new LlmCall();
    call.instrumentation = GoogleGenAiInstrumentationModule.NAME;
    call.operation = operation;
    call.stream = stream;
    call.provider = GenAiProviderNameIncubatingValues.GCP_GEN_AI;
    call.requestModel = model instanceof String m ? withoutPrefix(m) : null;
    if (apiClient instanceof ApiClient client) {
      call.provider =
          client.vertexAI()
              ? GenAiProviderNameIncubatingValues.GCP_VERTEX_AI
              : GenAiProviderNameIncubatingValues.GCP_GEMINI;
      ServerEndpoint.intoCall(quietly(() -> client.httpOptions().baseUrl().orElse(null)), call);
    }
    return call;
  }

  /** The float the application wrote (0.2f is 0.2, not 0.20000000298023224). */
  private static Double decimal(Float value) {
    return Double.valueOf(value.toString());
  }

  /** {@code models/gemini-2.5-flash} and {@code gemini-2.5-flash} are the same model. */
  private static String withoutPrefix(String model) {
    return model.startsWith("models/") ? model.substring("models/".length()) : model;
  }

  static void chatRequest(Object contents, Object config, LlmCall call, boolean capture)
      throws Throwable {
    if (config instanceof GenerateContentConfig c) {
      call.maxTokens = quietly(() -> c.maxOutputTokens().map(Long::valueOf).orElse(null));
      call.temperature =
          quietly(() -> c.temperature().map(GoogleGenAiExtractor::decimal).orElse(null));
      call.topP = quietly(() -> c.topP().map(GoogleGenAiExtractor::decimal).orElse(null));
      call.presencePenalty =
          quietly(() -> c.presencePenalty().map(GoogleGenAiExtractor::decimal).orElse(null));
      call.frequencyPenalty =
          quietly(() -> c.frequencyPenalty().map(GoogleGenAiExtractor::decimal).orElse(null));
      call.stopSequences = quietly(() -> c.stopSequences().orElse(null));
      call.seed = quietly(() -> c.seed().map(Long::valueOf).orElse(null));
      call.choiceCount = quietly(() -> c.candidateCount().map(Long::valueOf).orElse(null));
      if (capture) {
        call.systemInstructions =
            quietly(
                () -> c.systemInstruction().map(s -> GeminiContents.texts(json(s))).orElse(null));
      }
    }
    if (capture && contents instanceof List<?> list) {
      List<Object> json = new ArrayList<>(list.size());
      for (Object content : list) {
        json.add(json(content));
      }
      call.inputMessages = GeminiContents.messages(json);
    }
  }

  static void response(Object response, ActiveLlmCall active) throws Throwable {
    if (response instanceof GenerateContentResponse r && json(r) instanceof Map<?, ?> json) {
      GeminiApi.read(json, active.call(), true, captureEnabled(), GeminiContents.JSON);
    }
  }

  /**
   * Embeddings: Vertex AI reports each embedding's input token count; the Gemini Developer API
   * reports none. The vectors themselves are not read.
   */
  static void embeddings(Object response, ActiveLlmCall active) {
    if (!(response instanceof EmbedContentResponse r)) {
      return;
    }
    long tokens = 0;
    boolean counted = false;
    for (ContentEmbedding e : r.embeddings().orElse(List.of())) {
      Float count = quietly(() -> e.statistics().flatMap(s -> s.tokenCount()).orElse(null));
      if (count != null) {
        tokens += count.longValue();
        counted = true;
      }
    }
    if (counted) {
      active.call().inputTokens = tokens;
      active.call().usageEstimated = false;
    }
  }

  /** The API's HTTP status for service errors, {@code timeout} for timeouts, else the class. */
  static String errorType(Throwable error) {
    if (error instanceof ApiException e && e.code() > 0) {
      return Integer.toString(e.code());
    }
    Throwable t = error;
    for (int depth = 0; t != null && depth < 16; depth++, t = t.getCause()) {
      if (t instanceof SocketTimeoutException
          || t instanceof TimeoutException
          || (t instanceof InterruptedIOException && "timeout".equalsIgnoreCase(t.getMessage()))) {
        return "timeout";
      }
    }
    return error.getClass().getName();
  }

  /** An SDK object as plain JSON values (maps, lists, strings, numbers). */
  static Object json(Object sdkObject) {
    try {
      return sdkObject instanceof JsonSerializable s ? JsonValueReader.read(s.toJson()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  static boolean captureEnabled() {
    return Extraction.captureEnabled();
  }

  static <T> T quietly(Supplier<T> read) {
    return Extraction.quietly(read);
  }
}
