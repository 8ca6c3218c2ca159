package dev.genaiwatch.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything genai-watch knows about one LLM call, whichever library made it. Instrumentations fill
 * it (request side before the call starts, response side as it completes); {@code
 * GenAiInstrumenter} is the only code that turns it into a span and metrics, so every library's
 * telemetry has the same shape.
 *
 * <p>Plain mutable fields: a call is filled by one thread at a time (the caller, then the thread
 * that completes it), and is handed between them through the happens-before edges of the library's
 * own future/stream machinery.
 */
public final class LlmCall {
  public static final String OP_CHAT = "chat";
  public static final String OP_TEXT_COMPLETION = "text_completion";
  public static final String OP_EMBEDDINGS = "embeddings";

  // Who and what.
  public String instrumentation;
  public String operation;
  public String provider = "openai";
  public String requestModel;
  public String serverAddress;
  public Long serverPort;
  public String conversationId;

  /**
   * {@code openai.api.type}: {@code responses} for the OpenAI Responses API; null when not
   * recorded.
   */
  public String openAiApiType;

  // Request parameters (null = not set by the caller).
  public boolean stream;
  public Long maxTokens;
  public Double temperature;
  public Double topP;
  public Double frequencyPenalty;
  public Double presencePenalty;
  public List<String> stopSequences;
  public Long seed;
  public Long choiceCount;

  // Response.
  public String responseId;
  public String responseModel;
  public final List<String> finishReasons = new ArrayList<>(1);
  public Long inputTokens;
  public Long outputTokens;
  public Long cacheReadInputTokens;

  /**
   * Input tokens written to the provider's prompt cache (Anthropic {@code
   * cache_creation_input_tokens}).
   */
  public Long cacheCreationInputTokens;

  public Long reasoningOutputTokens;
  public boolean usageEstimated;

  /**
   * Set by a library instrumentation whose response object carries the usage details (cached and
   * reasoning tokens) when the server sent them, and which reads them: the HTTP client's wire level
   * under it then has nothing to add to a whole (not streamed) response and does not look at it.
   */
  public boolean usageDetailsFromLibrary;

  public final LogprobSummary logprobs = new LogprobSummary();

  // Content, before redaction and truncation (ContentCapture applies both when the span is built).
  public List<GenAiMessage> inputMessages;
  public List<String> systemInstructions;
  public List<GenAiMessage> outputMessages;

  /**
   * Set when an extractor already had to cut content (e.g. a stream longer than the capture bound).
   */
  public boolean contentTruncatedAtSource;

  public String spanName() {
    return requestModel == null || requestModel.isEmpty()
        ? operation
        : operation + " " + requestModel;
  }

  public void addFinishReason(String reason) {
    if (reason != null && !reason.isEmpty()) {
      finishReasons.add(reason);
    }
  }
}
