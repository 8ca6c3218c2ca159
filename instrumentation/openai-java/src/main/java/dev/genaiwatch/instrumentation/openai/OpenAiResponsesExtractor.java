package dev.genaiwatch.instrumentation.openai;

import com.openai.models.ChatModel;
import com.openai.models.ResponsesModel;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputMessage;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import dev.genaiwatch.core.ActiveLlmCall;
import dev.genaiwatch.core.instrumentation.Extraction;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import dev.genaiwatch.core.openai.JsonValueReader;
import dev.genaiwatch.core.openai.OpenAiResponses;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Responses API's SDK objects ({@code com.openai.models.responses}) into {@link LlmCall}. The
 * request goes through its wire JSON (the SDK's own mapper writes the body, {@link OpenAiResponses}
 * reads it exactly as the wire level reads the same bytes); the response and the stream events,
 * already parsed objects, are read through the SDK's accessors into the same {@link
 * OpenAiResponses#outcome} and {@link OpenAiResponses#usage} the JSON reader fills, so SDK and wire
 * spans agree without writing a whole response back to JSON per call. A class of its own, reached
 * only for Responses objects, so that an SDK without the Responses API never loads it.
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

  static void response(Object response, ActiveLlmCall active) {
    if (response instanceof Response r) {
      response(r, active.call(), captureEnabled());
    }
  }

  /**
   * One {@code ResponseStreamEvent}; records the chunk on the call's timer. Read through the SDK's
   * accessors: the events are already parsed objects, and writing one back to JSON with the SDK's
   * mapper costs more than everything else the stream reader does.
   */
  static void chunk(Object chunk, ActiveLlmCall active) {
    if (!(chunk instanceof ResponseStreamEvent e)) {
      active.onChunk(false);
      return;
    }
    if (e.isOutputTextDelta()) {
      String delta = quietly(() -> e.asOutputTextDelta().delta());
      boolean content = delta != null && !delta.isEmpty();
      if (content) {
        active.streamedOutput().append(0, delta);
      }
      active.onChunk(content);
      return;
    }
    if (e.isFunctionCallArgumentsDelta() || e.isRefusalDelta()) {
      active.onChunk(true);
      return;
    }
    Response terminal =
        e.isCompleted()
            ? e.asCompleted().response()
            : e.isIncomplete()
                ? e.asIncomplete().response()
                : e.isFailed() ? e.asFailed().response() : null;
    if (terminal != null) {
      response(terminal, active.call(), captureEnabled());
    } else if (e.isCreated() && active.call().responseId == null) {
      Response created = e.asCreated().response();
      active.call().responseId = quietly(created::id);
      active.call().responseModel = quietly(() -> model(created.model()));
    }
    active.onChunk(false);
  }

  /**
   * A {@code Response} as {@link OpenAiResponses#response} reads its JSON: the SDK throws for a
   * field a server left out or mistyped, which costs that field only ({@link
   * OpenAiJavaExtractor#quietly}).
   */
  private static void response(Response r, LlmCall call, boolean captureContent) {
    quietly(
        () ->
            r.usage()
                .map(
                    u -> {
                      OpenAiResponses.usage(
                          call,
                          u.inputTokens(),
                          u.outputTokens(),
                          quietly(() -> u.inputTokensDetails().cachedTokens()),
                          quietly(() -> u.outputTokensDetails().reasoningTokens()));
                      return u;
                    })
                .orElse(null));
    List<MessagePart> parts = new ArrayList<>(1);
    boolean toolCall = false;
    List<ResponseOutputItem> output = quietly(r::output);
    for (ResponseOutputItem item : output == null ? List.<ResponseOutputItem>of() : output) {
      if (item.isMessage()) {
        List<ResponseOutputMessage.Content> content = quietly(() -> item.asMessage().content());
        for (ResponseOutputMessage.Content part :
            content == null ? List.<ResponseOutputMessage.Content>of() : content) {
          String text =
              part.isRefusal()
                  ? quietly(() -> part.asRefusal().refusal())
                  : part.isOutputText() ? quietly(() -> part.asOutputText().text()) : null;
          if (text != null) {
            parts.add(MessagePart.text(text));
          }
        }
      } else if (item.isFunctionCall()) {
        toolCall = true;
        ResponseFunctionToolCall f = item.asFunctionCall();
        parts.add(
            MessagePart.toolCall(quietly(f::callId), quietly(f::name), quietly(f::arguments)));
      }
    }
    String reason =
        OpenAiResponses.finishReason(
            quietly(() -> r.status().map(ResponseStatus::asString).orElse(null)),
            quietly(
                () ->
                    r.incompleteDetails()
                        .flatMap(Response.IncompleteDetails::reason)
                        .map(Response.IncompleteDetails.Reason::asString)
                        .orElse(null)),
            toolCall);
    OpenAiResponses.outcome(
        call, quietly(r::id), quietly(() -> model(r.model())), reason, parts, captureContent);
  }

  /** The model name as the server sent it, whichever of the SDK's model unions it was read into. */
  private static String model(ResponsesModel model) {
    if (model.isString()) {
      return model.asString();
    }
    return model
        .chat()
        .map(ChatModel::asString)
        .orElseGet(
            () -> model.only().map(ResponsesModel.ResponsesOnlyModel::asString).orElse(null));
  }

  private static <T> T quietly(Supplier<T> read) {
    return OpenAiJavaExtractor.quietly(read);
  }

  private static boolean captureEnabled() {
    return Extraction.captureEnabled();
  }
}
