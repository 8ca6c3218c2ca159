package dev.genaiwatch.bench.micro;

import dev.genaiwatch.core.model.GenAiMessage;
import dev.genaiwatch.core.model.LlmCall;
import dev.genaiwatch.core.model.MessagePart;
import java.util.List;

/**
 * An {@link LlmCall} filled the way the openai-java instrumentation fills one for a support-chat
 * request.
 */
final class CallFixtures {
  private CallFixtures() {}

  static LlmCall request(boolean stream) {
    LlmCall call = new LlmCall();
    call.instrumentation = "openai-java";
    call.operation = LlmCall.OP_CHAT;
    call.requestModel = "qwen2.5-7b-instruct";
    call.serverAddress = "127.0.0.1";
    call.serverPort = 8000L;
    call.stream = stream;
    call.temperature = 0.2;
    call.maxTokens = 256L;
    call.systemInstructions = List.of(Prompts.SYSTEM);
    call.inputMessages =
        List.of(new GenAiMessage("user", List.of(MessagePart.text(Prompts.CLEAN_PROMPT)), null));
    return call;
  }

  /** The response side of a non-streamed call. */
  static void respond(LlmCall call) {
    call.responseId = "chatcmpl-bench";
    call.responseModel = "qwen2.5-7b-instruct";
    call.addFinishReason("stop");
    call.inputTokens = 512L;
    call.outputTokens = 40L;
    call.outputMessages =
        List.of(new GenAiMessage("assistant", List.of(MessagePart.text(Prompts.ANSWER)), "stop"));
  }
}
