package dev.genaiwatch.simulator;

import java.util.List;

/**
 * What the simulated server actually put on the wire for one generation request: the ground truth
 * that end-to-end tests compare telemetry against.
 *
 * <p>Counts describe what was sent, not what would have been sent: a cut stream reports only the
 * tokens delivered before the cut and a {@code null} finish reason, because that is all a client
 * could have observed.
 *
 * @param id the response {@code id} (also sent as the {@code x-request-id} header, including on
 *     error responses)
 * @param endpoint {@link #CHAT}, {@link #TEXT_COMPLETION}, {@link #EMBEDDINGS}, {@link #MESSAGES}
 *     or {@link #RESPONSES}
 * @param model the model name as requested (echoed in the response)
 * @param stream whether the response was SSE
 * @param promptTokens {@code usage.prompt_tokens}
 * @param completionTokens output tokens sent, summed over choices
 * @param cachedTokens {@code usage.prompt_tokens_details.cached_tokens}
 * @param finishReason choice 0's finish reason as sent, or {@code null} if none was sent
 * @param injectedFirstTokenDelayNanos measured time the server slept before the first content chunk
 *     (streaming) or before the response body (non-streaming), slow-first-byte faults included
 * @param fault the fault applied, or {@code null}
 * @param includeUsage {@code stream_options.include_usage} as requested
 * @param logprobsReturned whether logprobs were sent
 * @param outputText choice 0's text as sent
 * @param chunkCount SSE data events sent excluding {@code [DONE]} (0 for non-streaming)
 * @param choiceTexts every choice's text as sent, in index order
 * @param httpStatus the HTTP status sent
 * @param toolCalls the tool call the response made instead of answering (its {@code outputText} is
 *     then the call's arguments JSON and {@code finishReason} {@code tool_calls}), or empty
 * @param timing where the request spent its time in the server (queue, prefill, decode), as the
 *     {@code llm_request} server span reports it; null for requests that generate nothing
 *     (embeddings)
 */
public record ServedResponse(
    String id,
    String endpoint,
    String model,
    boolean stream,
    int promptTokens,
    int completionTokens,
    int cachedTokens,
    String finishReason,
    long injectedFirstTokenDelayNanos,
    Fault fault,
    boolean includeUsage,
    boolean logprobsReturned,
    String outputText,
    int chunkCount,
    List<String> choiceTexts,
    int httpStatus,
    List<ToolCall> toolCalls,
    ServerTiming timing) {

  public static final String CHAT = "chat";
  public static final String TEXT_COMPLETION = "text_completion";
  public static final String EMBEDDINGS = "embeddings";

  /**
   * Anthropic's Messages API ({@code POST /v1/messages}): {@code cachedTokens} is its cache read.
   */
  public static final String MESSAGES = "messages";

  /**
   * The Gemini API's {@code generateContent} and {@code streamGenerateContent}: {@code
   * cachedTokens} is its {@code cachedContentTokenCount}.
   */
  public static final String GEMINI = "gemini";

  /** {@code POST /v1/responses}: the OpenAI Responses API. */
  public static final String RESPONSES = "responses";

  public ServedResponse {
    choiceTexts = choiceTexts == null ? List.of() : List.copyOf(choiceTexts);
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /**
   * What a request to an endpoint that serves one choice, its text, and no logprobs (all but chat
   * and text completions, which may have several, and embeddings, which have none) fixes before
   * anything is generated.
   */
  record SingleChoice(
      String id, String endpoint, String model, boolean stream, boolean includeUsage) {

    /**
     * The response as served.
     *
     * @param toolCall the tool call made instead of answering, or null
     */
    ServedResponse served(
        long slept,
        Fault fault,
        int promptTokens,
        int completionTokens,
        int cachedTokens,
        String finishReason,
        String text,
        int chunkCount,
        int httpStatus,
        ToolCall toolCall,
        ServerTiming timing) {
      return new ServedResponse(
          id,
          endpoint,
          model,
          stream,
          promptTokens,
          completionTokens,
          cachedTokens,
          finishReason,
          slept,
          fault,
          includeUsage,
          false,
          text,
          chunkCount,
          List.of(text),
          httpStatus,
          toolCall == null ? List.of() : List.of(toolCall),
          timing);
    }
  }

  /**
   * {@code usage.output_tokens_details.reasoning_tokens} as sent: the Responses endpoint reports a
   * quarter of the output tokens as reasoning (included in {@link #completionTokens()}), the others
   * none.
   */
  public int reasoningTokens() {
    return RESPONSES.equals(endpoint) ? reasoningTokensOf(completionTokens) : 0;
  }

  static int reasoningTokensOf(int outputTokens) {
    return outputTokens / 4;
  }

  /**
   * A function call as sent in {@code choices[].message.tool_calls[]}.
   *
   * @param arguments the arguments JSON, exactly as sent (streamed: the concatenated fragments)
   */
  public record ToolCall(String id, String name, String arguments) {}
}
