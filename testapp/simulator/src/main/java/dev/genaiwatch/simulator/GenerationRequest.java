package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a chat or legacy completion request that influence the simulated output, validated
 * the way vLLM/OpenAI do so that clients exercise their 400 paths realistically.
 */
record GenerationRequest(
    String endpoint,
    String model,
    List<Prompt> prompts,
    int n,
    Integer maxTokens,
    List<String> stops,
    Long seed,
    boolean stream,
    boolean includeUsage,
    boolean logprobs,
    int topLogprobs) {

  /**
   * One prompt as the engine sees it.
   *
   * @param text what seeds the output (roles included for chat)
   * @param controlText where the {@code [[echo]]}/{@code [[tokens=N]]} markers are looked for
   * @param tokens token ids (prompt-cache key); its length is the prompt token count
   */
  record Prompt(String text, String controlText, long[] tokens) {}

  // Stand-ins for chat-template special tokens; a message costs its content tokens + 4, the
  // assistant primer 2, matching OpenAI's documented chat overhead.
  private static final long IM_START = -1;
  private static final long IM_END = -2;
  private static final long NEWLINE = -3;

  static GenerationRequest parseChat(JsonNode body) throws HttpProblem {
    requireObject(body);
    String model = requiredString(body, "model");
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw HttpProblem.badRequest("'messages' must be a non-empty array", "messages");
    }
    StringBuilder text = new StringBuilder();
    List<Long> tokens = new ArrayList<>();
    String lastUser = null;
    String last = "";
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      if (!m.isObject() || !m.path("role").isTextual()) {
        throw HttpProblem.badRequest(
            "messages[" + i + "] must be an object with a string 'role'", "messages");
      }
      String role = m.get("role").asText();
      String content = contentText(m.get("content"), i);
      text.append(role).append(": ").append(content).append('\n');
      tokens.add(IM_START);
      tokens.add(Hashing.hash(role));
      tokens.add(NEWLINE);
      for (String t : Tokenizer.tokenize(content)) {
        tokens.add(Hashing.hash(t));
      }
      tokens.add(IM_END);
      if (role.equals("user")) {
        lastUser = content;
      }
      last = content;
    }
    tokens.add(IM_START);
    tokens.add(Hashing.hash("assistant"));
    Prompt prompt =
        new Prompt(text.toString(), lastUser != null ? lastUser : last, toArray(tokens));

    Integer maxTokens = optionalPositiveInt(body, "max_completion_tokens");
    if (maxTokens == null) {
      maxTokens = optionalPositiveInt(body, "max_tokens");
    }
    boolean logprobs = optionalBoolean(body, "logprobs");
    Integer top = optionalInt(body, "top_logprobs", 0, 20);
    if (top != null && top > 0 && !logprobs) {
      throw HttpProblem.badRequest(
          "when using `top_logprobs`, `logprobs` must be set to true", "top_logprobs");
    }
    return common(
        ServedResponse.CHAT,
        body,
        model,
        List.of(prompt),
        maxTokens,
        logprobs,
        top == null ? 0 : top);
  }

  static GenerationRequest parseCompletion(JsonNode body) throws HttpProblem {
    requireObject(body);
    String model = requiredString(body, "model");
    JsonNode p = body.get("prompt");
    List<Prompt> prompts = new ArrayList<>();
    if (p != null && p.isTextual()) {
      prompts.add(textPrompt(p.asText()));
    } else if (p != null && p.isArray() && !p.isEmpty()) {
      if (p.get(0).isIntegralNumber()) {
        prompts.add(tokenPrompt(p));
      } else {
        for (JsonNode e : p) {
          if (e.isTextual()) {
            prompts.add(textPrompt(e.asText()));
          } else if (e.isArray() && !e.isEmpty() && e.get(0).isIntegralNumber()) {
            prompts.add(tokenPrompt(e));
          } else {
            throw HttpProblem.badRequest(
                "'prompt' must be a string, array of strings, or token arrays", "prompt");
          }
        }
      }
    } else {
      throw HttpProblem.badRequest(
          "'prompt' must be a string, array of strings, or token arrays", "prompt");
    }
    Integer maxTokens = optionalPositiveInt(body, "max_tokens");
    // Legacy API: logprobs is the number of alternatives to return (0 = chosen token only).
    JsonNode lp = body.get("logprobs");
    boolean logprobs = false;
    int top = 0;
    if (lp != null && !lp.isNull()) {
      if (lp.isBoolean()) {
        logprobs = lp.asBoolean();
      } else if (lp.isIntegralNumber() && lp.asInt() >= 0 && lp.asInt() <= 20) {
        logprobs = true;
        top = lp.asInt();
      } else {
        throw HttpProblem.badRequest("'logprobs' must be an integer between 0 and 20", "logprobs");
      }
    }
    return common(ServedResponse.TEXT_COMPLETION, body, model, prompts, maxTokens, logprobs, top);
  }

  private static GenerationRequest common(
      String endpoint,
      JsonNode body,
      String model,
      List<Prompt> prompts,
      Integer maxTokens,
      boolean logprobs,
      int top)
      throws HttpProblem {
    Integer n = optionalInt(body, "n", 1, 128);
    optionalNumber(body, "temperature", 0, 2);
    optionalNumber(body, "top_p", 0, 1);
    Long seed = null;
    JsonNode s = body.get("seed");
    if (s != null && !s.isNull()) {
      if (!s.isIntegralNumber()) {
        throw HttpProblem.badRequest("'seed' must be an integer", "seed");
      }
      seed = s.asLong();
    }
    List<String> stops = new ArrayList<>();
    JsonNode stop = body.get("stop");
    if (stop != null && !stop.isNull()) {
      if (stop.isTextual()) {
        stops.add(stop.asText());
      } else if (stop.isArray()) {
        for (JsonNode e : stop) {
          if (!e.isTextual()) {
            throw HttpProblem.badRequest("'stop' must be a string or an array of strings", "stop");
          }
          stops.add(e.asText());
        }
      } else {
        throw HttpProblem.badRequest("'stop' must be a string or an array of strings", "stop");
      }
    }
    boolean stream = optionalBoolean(body, "stream");
    JsonNode opts = body.get("stream_options");
    boolean includeUsage = false;
    if (opts != null && !opts.isNull()) {
      if (!opts.isObject()) {
        throw HttpProblem.badRequest("'stream_options' must be an object", "stream_options");
      }
      includeUsage = optionalBoolean(opts, "include_usage");
    }
    return new GenerationRequest(
        endpoint,
        model,
        List.copyOf(prompts),
        n == null ? 1 : n,
        maxTokens,
        List.copyOf(stops),
        seed,
        stream,
        includeUsage,
        logprobs,
        top);
  }

  int promptTokens() {
    int sum = 0;
    for (Prompt p : prompts) {
      sum += p.tokens().length;
    }
    return sum;
  }

  private static Prompt textPrompt(String text) {
    List<String> toks = Tokenizer.tokenize(text);
    long[] ids = new long[toks.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = Hashing.hash(toks.get(i));
    }
    return new Prompt(text, text, ids);
  }

  private static Prompt tokenPrompt(JsonNode arr) throws HttpProblem {
    long[] ids = new long[arr.size()];
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < ids.length; i++) {
      JsonNode t = arr.get(i);
      if (!t.isIntegralNumber()) {
        throw HttpProblem.badRequest("token arrays must contain integers", "prompt");
      }
      ids[i] = t.asLong();
      text.append(i == 0 ? "" : " ").append(ids[i]);
    }
    return new Prompt(text.toString(), text.toString(), ids);
  }

  /** A message's text: a string, or the text parts of a content-part array joined by newlines. */
  private static String contentText(JsonNode content, int index) throws HttpProblem {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder sb = new StringBuilder();
      for (JsonNode part : content) {
        if (!part.isObject()) {
          throw HttpProblem.badRequest(
              "messages[" + index + "].content parts must be objects", "messages");
        }
        if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
          if (sb.length() > 0) {
            sb.append('\n');
          }
          sb.append(part.get("text").asText());
        }
      }
      return sb.toString();
    }
    throw HttpProblem.badRequest(
        "messages[" + index + "].content must be a string or an array", "messages");
  }

  private static void requireObject(JsonNode body) throws HttpProblem {
    if (!body.isObject()) {
      throw HttpProblem.badRequest("request body must be a JSON object", null);
    }
  }

  static String requiredString(JsonNode body, String field) throws HttpProblem {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw HttpProblem.badRequest(
          "'" + field + "' is required and must be a non-empty string", field);
    }
    return v.asText();
  }

  static boolean optionalBoolean(JsonNode body, String field) throws HttpProblem {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      throw HttpProblem.badRequest("'" + field + "' must be a boolean", field);
    }
    return v.asBoolean();
  }

  static Integer optionalInt(JsonNode body, String field, int min, int max) throws HttpProblem {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw HttpProblem.badRequest(
          "'" + field + "' must be an integer between " + min + " and " + max, field);
    }
    return v.asInt();
  }

  private static Integer optionalPositiveInt(JsonNode body, String field) throws HttpProblem {
    return optionalInt(body, field, 1, Integer.MAX_VALUE);
  }

  private static void optionalNumber(JsonNode body, String field, double min, double max)
      throws HttpProblem {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return;
    }
    if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
      throw HttpProblem.badRequest(
          "'" + field + "' must be a number between " + min + " and " + max, field);
    }
  }

  private static long[] toArray(List<Long> list) {
    long[] out = new long[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }
}
