package dev.genaiwatch.instrumentation.anthropic;

import com.anthropic.core.ClientOptions;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Usage;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.ServerEndpoint;
import dev.genaiwatch.core.anthropic.AnthropicMessagesApi;
import dev.genaiwatch.core.instrumentation.Extraction;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.openai.JsonValueReader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads the Anthropic Java SDK's objects into {@link LlmCall}. The SDK validates lazily and its
 * accessors throw on fields a server left out, so every optional read goes through {@link
 * #quietly}: a missing field costs that attribute, not the span.
 */
final class AnthropicJavaExtractor {
  static final AnthropicMessagesApi.JsonWriter<Throwable> JSON = AnthropicSdkJson::write;

  private AnthropicJavaExtractor() {}

  static LlmCall request(
      Object params, Object clientOptions, boolean stream, boolean captureContent)
      throws Throwable {
    if (!(params instanceof MessageCreateParams p)) {
      return null;
    }
    LlmCall call = new LlmCall();
    call.instrumentation = AnthropicJavaInstrumentationModule.NAME;
    call.operation = LlmCall.OP_CHAT;
    call.stream = stream;
    call.provider = "anthropic";
    if (clientOptions instanceof ClientOptions options) {
      ServerEndpoint.intoCall(quietly(options::baseUrl), call);
      // The SDK's own name for its backend: anthropic, or the Bedrock / Vertex AI backends'
      // conventions names.
      String provider = quietly(options::openTelemetryProviderName);
      call.provider = provider == null || provider.isEmpty() ? "anthropic" : provider;
    }
    call.requestModel = quietly(() -> p.model().asString());
    call.maxTokens = quietly(p::maxTokens);
    call.stopSequences = quietly(() -> p.stopSequences().orElse(null));
    if (captureContent) {
      call.systemInstructions =
          quietly(() -> p.system().map(AnthropicJavaExtractor::system).orElse(null));
      call.inputMessages =
          AnthropicMessagesApi.input(
              JsonValueReader.read(AnthropicSdkJson.write(p.messages())), JSON);
    }
    return call;
  }

  private static List<String> system(MessageCreateParams.System system) {
    if (system.isString()) {
      return List.of(system.asString());
    }
    List<String> out = new ArrayList<>();
    if (system.isTextBlockParams()) {
      for (TextBlockParam block : system.asTextBlockParams()) {
        out.add(block.text());
      }
    }
    return out;
  }

  static void response(Object response, ActiveLlmCall active) throws Throwable {
    if (!(response instanceof Message m)) {
      return;
    }
    LlmCall call = active.call();
    call.responseId = quietly(m::id);
    call.responseModel = quietly(() -> m.model().asString());
    String reason = quietly(() -> m.stopReason().map(r -> r.asString()).orElse(null));
    call.addFinishReason(reason);
    quietly(() -> usage(m.usage(), call));
    if (captureEnabled()) {
      call.outputMessages =
          List.of(
              AnthropicMessagesApi.output(
                  JsonValueReader.read(AnthropicSdkJson.write(m.content())), reason, JSON));
    }
  }

  /**
   * Usage per the conventions: {@code gen_ai.usage.input_tokens} counts every input token, so
   * Anthropic's uncached {@code input_tokens} plus the cache reads and writes, which Anthropic
   * reports apart.
   */
  static Object usage(Usage u, LlmCall call) {
    Long read = quietly(() -> u.cacheReadInputTokens().orElse(null));
    Long written = quietly(() -> u.cacheCreationInputTokens().orElse(null));
    AnthropicMessagesApi.usage(u.inputTokens(), read, written, call);
    call.outputTokens = u.outputTokens();
    call.usageEstimated = false;
    return u;
  }

  /**
   * HTTP status for service errors, {@code timeout} for timeouts, else the exception class
   * (semconv).
   */
  static String errorType(Throwable error) {
    return Extraction.errorType(
        error, error instanceof AnthropicServiceException e ? quietly(e::statusCode) : null);
  }

  static boolean captureEnabled() {
    return Extraction.captureEnabled();
  }

  /**
   * Reads one optional value; the SDK throws for absent or mistyped fields, which just means
   * "unknown".
   */
  static <T> T quietly(Supplier<T> read) {
    return Extraction.quietly(read);
  }
}
