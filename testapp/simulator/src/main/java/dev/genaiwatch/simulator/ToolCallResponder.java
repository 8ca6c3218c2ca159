package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaiwatch.simulator.TextGenerator.Generation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Function calling, the way an agent loop sees it: a chat request that offers {@code tools} and has
 * not yet had a tool answer since the last user message gets a call to the first tool; the request
 * that carries the tool's result gets a text answer that quotes that result.
 *
 * <p>The call's arguments are a pure function of the tool's JSON schema and the last user message,
 * so tests can assert on them exactly.
 */
final class ToolCallResponder {

  static final String FINISH_REASON = "tool_calls";
  private static final String DEFAULT_WORD = "value";

  private ToolCallResponder() {}

  /** What a chat request asks of the tool loop. */
  record Turn(ServedResponse.ToolCall call, String toolResult) {
    static final Turn PLAIN = new Turn(null, null);
  }

  /**
   * @param body the chat request (already validated as having a non-empty {@code messages} array)
   * @param responseId the response id, from which the call id is derived
   */
  static Turn turn(JsonNode body, String responseId) {
    JsonNode messages = body.path("messages");
    int lastUser = -1;
    for (int i = 0; i < messages.size(); i++) {
      if ("user".equals(messages.get(i).path("role").asText())) {
        lastUser = i;
      }
    }
    JsonNode last = messages.get(messages.size() - 1);
    if ("tool".equals(last.path("role").asText())) {
      return new Turn(null, trailingToolResults(messages));
    }
    JsonNode tools = body.path("tools");
    if (!tools.isArray() || tools.isEmpty() || "none".equals(body.path("tool_choice").asText())) {
      return Turn.PLAIN;
    }
    for (int i = lastUser + 1; i < messages.size(); i++) {
      if ("tool".equals(messages.get(i).path("role").asText())) {
        return Turn.PLAIN;
      }
    }
    JsonNode function = tools.get(0).path("function");
    String userText = lastUser >= 0 ? text(messages.get(lastUser).path("content")) : "";
    String arguments =
        Json.MAPPER
            .valueToTree(arguments(function.path("parameters"), lastWord(userText)))
            .toString();
    String id = "call_" + responseId.substring(responseId.indexOf('-') + 1);
    return new Turn(
        new ServedResponse.ToolCall(id, function.path("name").asText(), arguments), null);
  }

  /** The generation for a tool call: its argument JSON, streamed token by token. */
  static Generation callGeneration(ServedResponse.ToolCall call, long seed) {
    return new Generation(List.copyOf(Tokenizer.pieces(call.arguments())), FINISH_REASON, seed);
  }

  /** Puts the tool result in front of the generated answer, so a client can see the loop closed. */
  static Generation quotingResult(Generation g, String toolResult, Integer maxTokens) {
    List<String> pieces = new ArrayList<>(Tokenizer.pieces("Tool said: " + toolResult + "."));
    for (int i = 0; i < g.pieces().size(); i++) {
      String p = g.pieces().get(i);
      pieces.add(i == 0 && !p.startsWith(" ") ? " " + p : p);
    }
    String finish = g.finishReason();
    if (maxTokens != null && pieces.size() > maxTokens) {
      pieces = pieces.subList(0, maxTokens);
      finish = "length";
    }
    return new Generation(List.copyOf(pieces), finish, g.seed());
  }

  /** One deterministic value per schema property: every required one, plus every simple one. */
  private static ObjectNode arguments(JsonNode schema, String word) {
    ObjectNode args = Json.object();
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
    while (props.hasNext()) {
      Map.Entry<String, JsonNode> p = props.next();
      JsonNode prop = p.getValue();
      if (prop.path("enum").isArray() && !prop.path("enum").isEmpty()) {
        args.set(p.getKey(), prop.path("enum").get(0));
        continue;
      }
      switch (prop.path("type").asText()) {
        case "string" -> args.put(p.getKey(), word);
        case "integer", "number" -> args.put(p.getKey(), 42);
        case "boolean" -> args.put(p.getKey(), true);
        case "array" -> {
          if (required.contains(p.getKey())) {
            args.putArray(p.getKey());
          }
        }
        case "object" -> {
          if (required.contains(p.getKey())) {
            args.set(p.getKey(), arguments(prop, word));
          }
        }
        default -> {
          if (required.contains(p.getKey())) {
            args.put(p.getKey(), word);
          }
        }
      }
    }
    return args;
  }

  private static String lastWord(String text) {
    String word = DEFAULT_WORD;
    for (String token : Tokenizer.tokenize(text)) {
      if (token.codePoints().allMatch(Character::isLetter)) {
        word = token;
      }
    }
    return word;
  }

  private static String trailingToolResults(JsonNode messages) {
    List<String> results = new ArrayList<>();
    for (int i = messages.size() - 1;
        i >= 0 && "tool".equals(messages.get(i).path("role").asText());
        i--) {
      results.add(0, text(messages.get(i).path("content")));
    }
    return String.join(" ", results);
  }

  private static String text(JsonNode content) {
    return ContentText.of(content, ContentText.HAS_TEXT);
  }
}
