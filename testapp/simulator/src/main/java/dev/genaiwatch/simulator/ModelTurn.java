package dev.genaiwatch.simulator;

import dev.genaiwatch.simulator.TextGenerator.Generation;
import dev.genaiwatch.simulator.VllmMetrics.ModelMetrics;

/**
 * One model turn for a request that another API's handler (Anthropic's Messages, Gemini) has
 * translated into a chat request: the prefix-cache hit (counted in the model's metrics) and what
 * the model says, a tool call or an answer quoting a tool result where the conversation asks for
 * one, as for chat completions.
 *
 * @param cached the prompt tokens the prefix cache already held
 */
record ModelTurn(int cached, Generation generation) {

  /** The tool call the turn makes, with the id {@code idPrefix} + the response id's suffix. */
  static ServedResponse.ToolCall toolCall(
      ToolCallResponder.Turn turn, String responseId, String responsePrefix, String idPrefix) {
    return turn.call() == null
        ? null
        : new ServedResponse.ToolCall(
            idPrefix + responseId.substring(responsePrefix.length()),
            turn.call().name(),
            turn.call().arguments());
  }

  static ModelTurn generate(
      SimState state,
      GenerationRequest req,
      ModelMetrics mm,
      ToolCallResponder.Turn turn,
      ServedResponse.ToolCall toolCall) {
    GenerationRequest.Prompt prompt = req.prompts().get(0);
    int promptTokens = req.promptTokens();
    int cached = state.prefixCache.lookupAndInsert(prompt.tokens());
    mm.prefilled(promptTokens, cached);
    return new ModelTurn(cached, generation(state, req, prompt, 0, turn, toolCall));
  }

  /**
   * Choice {@code index}'s generation for {@code prompt}: the tool call where the turn makes one,
   * else the text, quoting the tool result where the conversation ends with one.
   */
  static Generation generation(
      SimState state,
      GenerationRequest req,
      GenerationRequest.Prompt prompt,
      int index,
      ToolCallResponder.Turn turn,
      ServedResponse.ToolCall toolCall) {
    Generation g =
        TextGenerator.generate(
            state.config,
            req.model(),
            prompt.text(),
            prompt.controlText(),
            index,
            req.seed(),
            req.maxTokens(),
            req.stops());
    if (toolCall != null) {
      return ToolCallResponder.callGeneration(toolCall, g.seed());
    }
    if (turn.toolResult() != null) {
      return ToolCallResponder.quotingResult(g, turn.toolResult(), req.maxTokens());
    }
    return g;
  }
}
