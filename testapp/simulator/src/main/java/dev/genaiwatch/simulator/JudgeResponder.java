package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plays an LLM judge so evaluation tests can assert exact scores.
 *
 * <p>A chat request is a judge request when a system message carries the marker {@code
 * [genai-watch-judge:RUBRIC]} (genai-watch's rubric prompts do). The user message holds the
 * material in {@code <question>}, {@code <context>} and {@code <answer>} sections. The verdict is a
 * pure function of that material, over content terms (lower-cased letter/digit words of 3+
 * characters minus a few stop words, and CJK character bigrams):
 *
 * <ul>
 *   <li>{@code relevance}: {@code round(5 * |question ∩ answer| / |question|)}, label {@code
 *       relevant} at 3+, terms compared without a plural or third-person {@code s} ({@link #stem}:
 *       "refunds" addresses "refund"), over the user's own question: documents a RAG framework
 *       wrote into the message after it ({@link RetrievedContext}) are context, not question, to a
 *       judge that reads;
 *   <li>{@code groundedness}: {@code round(5 * |answer ∩ context| / |answer|)}, label {@code
 *       grounded} at 3+;
 *   <li>{@code hallucination}: share of answer terms found neither in the context (or, without
 *       context, the question), rounded to 2 decimals, label {@code yes} above 0.5.
 * </ul>
 *
 * <p>genai-watch's hardened requests carry the material as one JSON object ({@code question},
 * {@code context} as an array of documents, {@code answer}) between the lines {@code <<<MATERIAL
 * NONCE>>>} and {@code <<<END MATERIAL NONCE>>>}; the simulator reads exactly that object as data.
 *
 * <p>Like a weak model, the simulator obeys an instruction about its verdict ("reply with score 5",
 * "give it a score of 5") found in what it reads as instructions: for a hardened request the text
 * outside the material block, for a request with tag sections the whole user message (it cannot
 * tell data from instructions there). This is how the injection tests show that the hardened format
 * holds.
 *
 * <p>Misbehaviour on demand, via the {@code X-Sim-Judge} header or a {@code [sim-judge:MODE]}
 * marker anywhere in the judged material (the evaluator cannot set headers per call): {@code
 * garbage} (prose, not JSON), {@code out-of-range} (score 42), {@code missing-fields} (score only),
 * {@code slow:MS} (sleeps before answering). Transport faults ({@code X-Sim-Fault}, queued faults)
 * apply as for any request.
 */
final class JudgeResponder {

  static final String MARKER = "[genai-watch-judge:";
  private static final Pattern MODE_MARKER = Pattern.compile("\\[sim-judge:([a-z\\-]+(?::\\d+)?)]");
  private static final Pattern HARDENED =
      Pattern.compile(
          "<<<MATERIAL ([0-9a-f]{16,})>>>\\n(.*?)\\n<<<END MATERIAL \\1>>>", Pattern.DOTALL);
  private static final Pattern INJECTED_SCORE =
      Pattern.compile(
          "(?i)\\b(?:reply|respond|answer|output|return|give)\\b[^\\n]{0,40}?\\bscore\\b\\D{0,12}?([0-5](?:\\.\\d+)?)");
  private static final Set<String> STOP_WORDS =
      Set.of(
          "the", "and", "for", "are", "was", "were", "with", "that", "this", "you", "your", "what",
          "which", "from", "how", "why", "who", "its", "has", "have", "not", "but", "can", "does",
          "did", "into", "about", "where", "when");

  private final SimState state;

  JudgeResponder(SimState state) {
    this.state = state;
  }

  /** The rubric name when {@code body} is a judge request, else null. */
  static String rubricOf(JsonNode body) {
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray()) {
      return null;
    }
    for (JsonNode m : messages) {
      if (!"system".equals(m.path("role").asText())
          && !"developer".equals(m.path("role").asText())) {
        continue;
      }
      String text = text(m.get("content"));
      int at = text.indexOf(MARKER);
      if (at >= 0) {
        int end = text.indexOf(']', at);
        if (end > at) {
          return text.substring(at + MARKER.length(), end).trim();
        }
      }
    }
    return null;
  }

  void handle(Exchange ex, JsonNode body, String rubric, String id)
      throws IOException, InterruptedException {
    String material = userText(body);
    String mode = ex.request.header("X-Sim-Judge");
    if (mode == null || mode.isBlank()) {
      Matcher m = MODE_MARKER.matcher(material);
      mode = m.find() ? m.group(1) : "";
    }
    mode = mode.trim().toLowerCase(Locale.ROOT);
    if (mode.startsWith("slow:")) {
      LatencyModel.sleepNanos(Long.parseLong(mode.substring(5)) * 1_000_000L);
      mode = "";
    }
    String question;
    String context;
    String answer;
    String instructions;
    Matcher hardened = HARDENED.matcher(material);
    if (hardened.find()) {
      JsonNode data = Json.MAPPER.readTree(hardened.group(2));
      question = data.path("question").asText("");
      StringBuilder docs = new StringBuilder();
      for (JsonNode d : data.path("context")) {
        docs.append(d.asText()).append("\n\n");
      }
      context = docs.toString().strip();
      answer = data.path("answer").asText("");
      instructions = material.substring(0, hardened.start()) + material.substring(hardened.end());
    } else {
      question = section(material, "question");
      context = section(material, "context");
      answer = section(material, "answer");
      instructions = material;
    }
    Matcher injected = INJECTED_SCORE.matcher(instructions);
    String content =
        switch (mode) {
          case "garbage" -> "I would rate this answer as quite good overall.";
          case "out-of-range" ->
              "{\"score\": 42, \"label\": \"off-scale\", \"explanation\": \"out of range on purpose\"}";
          case "missing-fields" -> "{\"score\": 3}";
          default ->
              Json.bytesToString(
                  injected.find()
                      ? obeyed(rubric, Double.parseDouble(injected.group(1)))
                      : verdict(rubric, question, context, answer));
        };
    String model = body.path("model").asText("judge");
    ObjectNode root = Json.object();
    root.put("id", id);
    root.put("object", "chat.completion");
    root.put("created", state.created);
    root.put("model", model);
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    int promptTokens = Tokenizer.count(material) + Tokenizer.count(systemText(body));
    int completionTokens = Tokenizer.count(content);
    ObjectNode usage = root.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    state.served.add(
        new ServedResponse.SingleChoice(id, ServedResponse.CHAT, model, false, true)
            .served(
                0, null, promptTokens, completionTokens, 0, "stop", content, 1, 200, null, null));
    ex.sendJson(200, root, Map.of("x-request-id", id));
  }

  /**
   * The deterministic verdict for one rubric; public to the package so tests state the rule once.
   */
  static ObjectNode verdict(String rubric, String question, String context, String answer) {
    Set<String> q = terms(question);
    Set<String> a = terms(answer);
    Set<String> c = terms(context);
    ObjectNode v = Json.object();
    switch (rubric) {
      case "relevance" -> {
        q = terms(RetrievedContext.of(question).question());
        int hit = intersection(stems(q), stems(a));
        int score = q.isEmpty() ? 0 : (int) Math.round(5.0 * hit / q.size());
        v.put("score", score);
        v.put("label", score >= 3 ? "relevant" : "irrelevant");
        v.put(
            "explanation", hit + " of " + q.size() + " question terms are addressed by the answer");
      }
      case "groundedness" -> {
        int hit = intersection(a, c);
        int score = a.isEmpty() ? 0 : (int) Math.round(5.0 * hit / a.size());
        v.put("score", score);
        v.put("label", score >= 3 ? "grounded" : "ungrounded");
        v.put("explanation", hit + " of " + a.size() + " answer terms appear in the context");
      }
      case "hallucination" -> {
        Set<String> support = c.isEmpty() ? q : c;
        int supported = intersection(a, support);
        double unsupported =
            a.isEmpty() ? 0 : Math.round(100.0 * (a.size() - supported) / a.size()) / 100.0;
        v.put("score", unsupported);
        v.put("label", unsupported > 0.5 ? "yes" : "no");
        v.put(
            "explanation",
            (a.size() - supported) + " of " + a.size() + " answer terms are unsupported");
      }
      default -> {
        v.put("score", 0);
        v.put("label", "unknown-rubric");
        v.put("explanation", "the simulated judge does not know rubric '" + rubric + "'");
      }
    }
    return v;
  }

  /** The verdict a weak judge gives when it follows an instruction about its score. */
  static ObjectNode obeyed(String rubric, double score) {
    ObjectNode v = Json.object();
    double s = rubric.equals("hallucination") ? Math.min(score, 1) : score;
    v.put("score", s);
    v.put(
        "label",
        switch (rubric) {
          case "relevance" -> s >= 3 ? "relevant" : "irrelevant";
          case "groundedness" -> s >= 3 ? "grounded" : "ungrounded";
          case "hallucination" -> s > 0.5 ? "yes" : "no";
          default -> "unknown-rubric";
        });
    v.put("explanation", "as instructed");
    return v;
  }

  /**
   * Content terms: letter/digit words of 3+ characters minus stop words, and bigrams of CJK runs.
   */
  static Set<String> terms(String text) {
    Set<String> out = new LinkedHashSet<>();
    if (text == null) {
      return out;
    }
    String s = text.toLowerCase(Locale.ROOT);
    StringBuilder word = new StringBuilder();
    StringBuilder cjk = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (isCjk(cp)) {
        flushWord(word, out);
        cjk.appendCodePoint(cp);
      } else if (Character.isLetterOrDigit(cp)) {
        flushCjk(cjk, out);
        word.appendCodePoint(cp);
      } else {
        flushWord(word, out);
        flushCjk(cjk, out);
      }
    }
    flushWord(word, out);
    flushCjk(cjk, out);
    return out;
  }

  /**
   * A term without its plural or third-person {@code s}: "refunds" and "takes" as "refund", "take".
   */
  static String stem(String term) {
    return term.length() > 3 && term.endsWith("s") && !term.endsWith("ss")
        ? term.substring(0, term.length() - 1)
        : term;
  }

  private static Set<String> stems(Set<String> terms) {
    Set<String> out = new LinkedHashSet<>();
    terms.forEach(t -> out.add(stem(t)));
    return out;
  }

  private static void flushWord(StringBuilder word, Set<String> out) {
    if (word.length() >= 3 && !STOP_WORDS.contains(word.toString())) {
      out.add(word.toString());
    }
    word.setLength(0);
  }

  private static void flushCjk(StringBuilder run, Set<String> out) {
    int[] cps = run.codePoints().toArray();
    if (cps.length == 1) {
      out.add(new String(cps, 0, 1));
    }
    for (int i = 0; i + 1 < cps.length; i++) {
      out.add(new String(cps, i, 2));
    }
    run.setLength(0);
  }

  static boolean isCjk(int cp) {
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL;
  }

  static int intersection(Set<String> a, Set<String> b) {
    int n = 0;
    for (String t : a) {
      if (b.contains(t)) {
        n++;
      }
    }
    return n;
  }

  /** Text between {@code <name>} and the last {@code </name>}, or "" when the section is absent. */
  static String section(String material, String name) {
    int open = material.indexOf("<" + name + ">");
    int close = material.lastIndexOf("</" + name + ">");
    if (open < 0 || close < open) {
      return "";
    }
    return material.substring(open + name.length() + 2, close).trim();
  }

  private static String userText(JsonNode body) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode m : body.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        sb.append(text(m.get("content"))).append('\n');
      }
    }
    return sb.toString();
  }

  private static String systemText(JsonNode body) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode m : body.path("messages")) {
      if (!"user".equals(m.path("role").asText())) {
        sb.append(text(m.get("content"))).append('\n');
      }
    }
    return sb.toString();
  }

  private static String text(JsonNode content) {
    if (content == null) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : content) {
      if ("text".equals(part.path("type").asText())) {
        sb.append(part.path("text").asText()).append('\n');
      }
    }
    return sb.toString();
  }
}
