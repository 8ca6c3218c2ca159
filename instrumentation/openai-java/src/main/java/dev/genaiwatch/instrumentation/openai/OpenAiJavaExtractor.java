package dev.genaiwatch.instrumentation.openai;

import com.openai.core.ClientOptions;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionChoice;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.ServerEndpoint;
import dev.genaiwatch.core.StreamedOutput;
import dev.genaiwatch.core.instrumentation.Extraction;
import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.openai.JsonValueReader;
import dev.genaiwatch.core.openai.OpenAiChatMessages;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the OpenAI Java SDK's objects into {@link LlmCall}. The SDK validates lazily and its
 * accessors throw on fields a server left out (vLLM and other compatible servers omit some), so
 * every optional read goes through {@link #quietly}: a missing field costs that attribute, not the
 * span.
 */
final class OpenAiJavaExtractor {
  private OpenAiJavaExtractor() {}

  static LlmCall request(
      Object params, Object clientOptions, boolean stream, boolean captureContent)
      throws Throwable {
    LlmCall call = new LlmCall();
    call.instrumentation = OpenAiJavaInstrumentationModule.NAME;
    call.stream = stream;
    if (clientOptions instanceof ClientOptions options) {
      ServerEndpoint.intoCall(quietly(options::baseUrl), call);
    }
    if (params instanceof ChatCompletionCreateParams p) {
      call.operation = LlmCall.OP_CHAT;
      // CompletionUsage has the details in every SDK version this instrumentation supports.
      call.usageDetailsFromLibrary = true;
      call.requestModel = quietly(() -> p.model().asString());
      call.maxTokens = quietly(() -> p.maxCompletionTokens().or(p::maxTokens).orElse(null));
      call.temperature = quietly(() -> p.temperature().orElse(null));
      call.topP = quietly(() -> p.topP().orElse(null));
      call.frequencyPenalty = quietly(() -> p.frequencyPenalty().orElse(null));
      call.presencePenalty = quietly(() -> p.presencePenalty().orElse(null));
      call.seed = quietly(() -> p.seed().orElse(null));
      call.choiceCount = quietly(() -> p.n().orElse(null));
      call.stopSequences =
          quietly(
              () ->
                  p.stop()
                      .map(s -> s.isString() ? List.of(s.asString()) : s.asStrings())
                      .orElse(null));
      if (captureContent) {
        OpenAiSdkMessages.Conversation typed = OpenAiSdkMessages.conversation(p.messages());
        if (typed != null) {
          typed.intoCall(call);
        } else {
          OpenAiChatMessages.intoCall(
              JsonValueReader.read(OpenAiSdkJson.write(p.messages())), call);
        }
      }
      return call;
    }
    if (params instanceof CompletionCreateParams p) {
      call.operation = LlmCall.OP_TEXT_COMPLETION;
      call.usageDetailsFromLibrary = true;
      call.requestModel = quietly(() -> p.model().asString());
      call.maxTokens = quietly(() -> p.maxTokens().orElse(null));
      call.temperature = quietly(() -> p.temperature().orElse(null));
      call.topP = quietly(() -> p.topP().orElse(null));
      call.frequencyPenalty = quietly(() -> p.frequencyPenalty().orElse(null));
      call.presencePenalty = quietly(() -> p.presencePenalty().orElse(null));
      call.seed = quietly(() -> p.seed().orElse(null));
      call.choiceCount = quietly(() -> p.n().orElse(null));
      call.stopSequences =
          quietly(
              () ->
                  p.stop()
                      .map(s -> s.isString() ? List.of(s.asString()) : s.asStrings())
                      .orElse(null));
      if (captureContent) {
        call.inputMessages =
            quietly(() -> p.prompt().map(OpenAiJavaExtractor::promptMessages).orElse(null));
      }
      return call;
    }
    if (params instanceof EmbeddingCreateParams p) {
      call.operation = LlmCall.OP_EMBEDDINGS;
      call.requestModel = quietly(() -> p.model().asString());
      return call;
    }
    return OpenAiResponsesExtractor.request(params, call, stream, captureContent);
  }

  private static List<GenAiMessage> promptMessages(CompletionCreateParams.Prompt prompt) {
    List<GenAiMessage> out = new ArrayList<>(1);
    if (prompt.isString()) {
      out.add(GenAiMessage.text("user", prompt.asString()));
    } else if (prompt.isArrayOfStrings()) {
      for (String s : prompt.asArrayOfStrings()) {
        out.add(GenAiMessage.text("user", s));
      }
    }
    return out;
  }

  static void response(Object response, ActiveLlmCall active) throws Throwable {
    LlmCall call = active.call();
    if (response instanceof ChatCompletion r) {
      call.responseId = quietly(r::id);
      call.responseModel = quietly(r::model);
      quietly(() -> r.usage().map(u -> usage(u, call)).orElse(null));
      boolean capture = captureEnabled();
      List<GenAiMessage> output = new ArrayList<>(r.choices().size());
      for (ChatCompletion.Choice choice : r.choices()) {
        String reason = quietly(() -> choice.finishReason().asString());
        call.addFinishReason(reason);
        quietly(
            () ->
                choice
                    .logprobs()
                    .flatMap(ChatCompletion.Choice.Logprobs::content)
                    .map(tokens -> logprobs(tokens, call))
                    .orElse(null));
        if (capture) {
          GenAiMessage typed = OpenAiSdkMessages.outputMessage(choice.message(), reason);
          output.add(
              typed != null
                  ? typed
                  : OpenAiChatMessages.outputMessage(
                      JsonValueReader.read(OpenAiSdkJson.write(choice.message())), reason));
        }
      }
      if (capture) {
        call.outputMessages = output;
      }
    } else if (response instanceof Completion r) {
      call.responseId = quietly(r::id);
      call.responseModel = quietly(r::model);
      quietly(() -> r.usage().map(u -> usage(u, call)).orElse(null));
      List<GenAiMessage> output = new ArrayList<>(r.choices().size());
      for (CompletionChoice choice : r.choices()) {
        String reason = quietly(() -> choice.finishReason().asString());
        call.addFinishReason(reason);
        quietly(
            () ->
                choice
                    .logprobs()
                    .flatMap(CompletionChoice.Logprobs::tokenLogprobs)
                    .map(
                        list -> {
                          list.forEach(call.logprobs::add);
                          return list;
                        })
                    .orElse(null));
        output.add(new GenAiMessage("assistant", List.of(MessagePart.text(choice.text())), reason));
      }
      if (captureEnabled()) {
        call.outputMessages = output;
      }
    } else if (response instanceof CreateEmbeddingResponse r) {
      call.responseModel = quietly(r::model);
      call.inputTokens = quietly(() -> r.usage().promptTokens());
    } else {
      OpenAiResponsesExtractor.response(response, active);
    }
  }

  /**
   * A streamed chunk: chat ({@code ChatCompletionChunk}), legacy completions ({@code Completion})
   * or a Responses API event ({@code ResponseStreamEvent}).
   */
  static void chunk(Object chunk, ActiveLlmCall active) {
    if (!(chunk instanceof ChatCompletionChunk) && !(chunk instanceof Completion)) {
      OpenAiResponsesExtractor.chunk(chunk, active);
      return;
    }
    LlmCall call = active.call();
    boolean hasContent = false;
    StreamedOutput output = active.streamedOutput();
    if (chunk instanceof ChatCompletionChunk c) {
      if (call.responseId == null) {
        call.responseId = quietly(c::id);
        call.responseModel = quietly(c::model);
      }
      for (ChatCompletionChunk.Choice choice : c.choices()) {
        int index = (int) choice.index();
        ChatCompletionChunk.Choice.Delta delta = choice.delta();
        String text = quietly(delta, d -> d.content().orElse(null));
        if (text != null && !text.isEmpty()) {
          hasContent = true;
          output.append(index, text);
        } else if (quietly(delta, d -> d.toolCalls().map(l -> !l.isEmpty()).orElse(false))
            == Boolean.TRUE) {
          hasContent = true;
        }
        String reason =
            quietly(choice, ch -> ch.finishReason().map(f -> f.asString()).orElse(null));
        if (reason != null) {
          output.finish(index, reason);
        }
        List<ChatCompletionTokenLogprob> tokens =
            quietly(
                choice,
                ch ->
                    ch.logprobs()
                        .flatMap(ChatCompletionChunk.Choice.Logprobs::content)
                        .orElse(null));
        if (tokens != null) {
          quietly(() -> logprobs(tokens, call));
        }
      }
      chunkUsage(quietly(c, x -> x.usage().orElse(null)), call);
    } else if (chunk instanceof Completion c) {
      if (call.responseId == null) {
        call.responseId = quietly(c::id);
        call.responseModel = quietly(c::model);
      }
      for (CompletionChoice choice : c.choices()) {
        int index = (int) choice.index();
        String text = quietly(choice, CompletionChoice::text);
        if (text != null && !text.isEmpty()) {
          hasContent = true;
          output.append(index, text);
        }
        String reason = quietly(choice, ch -> ch.finishReason().asString());
        if (reason != null) {
          output.finish(index, reason);
        }
      }
      chunkUsage(quietly(c, x -> x.usage().orElse(null)), call);
    }
    active.onChunk(hasContent);
  }

  /** A chunk's usage, when it has one (the last chunk, if the request asked for it). */
  private static void chunkUsage(CompletionUsage u, LlmCall call) {
    if (u != null) {
      quietly(() -> usage(u, call));
    }
  }

  private static Object usage(CompletionUsage u, LlmCall call) {
    call.inputTokens = u.promptTokens();
    call.outputTokens = u.completionTokens();
    call.usageEstimated = false;
    call.cacheReadInputTokens =
        quietly(() -> u.promptTokensDetails().flatMap(d -> d.cachedTokens()).orElse(null));
    call.reasoningOutputTokens =
        quietly(() -> u.completionTokensDetails().flatMap(d -> d.reasoningTokens()).orElse(null));
    return u;
  }

  private static Object logprobs(List<ChatCompletionTokenLogprob> tokens, LlmCall call) {
    for (ChatCompletionTokenLogprob token : tokens) {
      call.logprobs.add(token.logprob());
    }
    return tokens;
  }

  /**
   * HTTP status for service errors, {@code timeout} for timeouts, else the exception class
   * (semconv).
   */
  static String errorType(Throwable error) {
    return Extraction.errorType(
        error, error instanceof OpenAIServiceException e ? quietlyInt(e) : null);
  }

  private static int quietlyInt(OpenAIServiceException e) {
    try {
      return e.statusCode();
    } catch (RuntimeException ignored) {
      return -1;
    }
  }

  private static boolean captureEnabled() {
    return Extraction.captureEnabled();
  }

  /**
   * Reads one optional value; the SDK throws for absent or mistyped fields, which just means
   * "unknown".
   */
  static <T> T quietly(Supplier<T> read) {
    return Extraction.quietly(read);
  }

  /**
   * {@link #quietly(Supplier)} of {@code read} applied to {@code from}: a read that captures
   * nothing is one shared object, where a capturing supplier is a new one per call (per chunk of a
   * stream).
   */
  static <F, T> T quietly(F from, Function<F, T> read) {
    try {
      return read.apply(from);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
