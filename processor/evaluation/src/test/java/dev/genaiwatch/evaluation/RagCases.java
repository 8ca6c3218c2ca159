package dev.genaiwatch.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labelled RAG set: hand-written facts ({@code rag-context-use/facts.json}: per fact a
 * question, two documents and hand-written answers of each kind) expanded by a fixed-seed
 * generator, plus hand-written hard cases ({@code hard-cases.jsonl}). Per fact the generator adds a
 * contradiction (the fact's numbered answer with its quantity changed to another value, unless the
 * fact has a hand-written one), a refusal or non-answer from a pool, and an off-topic answer
 * (another fact's direct answer, same language group).
 *
 * <p>Held out: 30% of the facts of each language group, drawn with the seed, and the hard cases
 * marked {@code holdout}. The scorer's settings were tuned on the rest only.
 */
final class RagCases {
  private RagCases() {}

  static final long SEED = 17;

  record Case(
      String id,
      String lang,
      String category,
      boolean used,
      boolean holdout,
      String question,
      List<String> docs,
      String answer) {}

  static final List<String> USED = List.of("direct", "paraphrase", "short", "number", "multi");
  static final List<String> IGNORED =
      List.of("off_topic", "echo", "contradiction", "refusal", "general", "hallucinated");

  private static final List<String> EN_REFUSALS =
      List.of(
          "I'm sorry, but I can't help with that.",
          "I don't know.",
          "The provided documents don't mention that.",
          "Sorry, I can't answer \"%s\" with the information I have.",
          "I'm not able to provide that information.",
          "As an AI, I cannot give a definitive answer to: %s");
  private static final List<String> ZH_REFUSALS =
      List.of(
          "抱歉，我无法回答这个问题。",
          "我不知道。",
          "文档里没有提到相关信息。",
          "对不起，关于“%s”我没办法给出答案。",
          "这个问题我不太清楚，建议咨询客服。",
          "作为一个AI，我无法确定：%s");

  private static final ObjectMapper JSON = new ObjectMapper();

  static List<Case> all() {
    List<Case> out = new ArrayList<>(generated());
    out.addAll(hardCases());
    return out;
  }

  static List<Case> generated() {
    JsonNode facts = read("facts.json");
    Random random = new Random(SEED);
    List<JsonNode> en = new ArrayList<>();
    List<JsonNode> zh = new ArrayList<>();
    for (JsonNode f : facts) {
      (f.path("lang").asText().equals("en") ? en : zh).add(f);
    }
    List<String> holdout = new ArrayList<>();
    for (List<JsonNode> group : List.of(en, zh)) {
      List<JsonNode> shuffled = new ArrayList<>(group);
      Collections.shuffle(shuffled, random);
      for (int i = 0; i < Math.round(group.size() * 0.3); i++) {
        holdout.add(shuffled.get(i).path("id").asText());
      }
    }
    List<Case> out = new ArrayList<>();
    for (List<JsonNode> group : List.of(en, zh)) {
      for (JsonNode f : group) {
        String id = f.path("id").asText();
        String lang = f.path("lang").asText();
        boolean held = holdout.contains(id);
        String q = f.path("question").asText();
        List<String> docs = new ArrayList<>();
        f.path("docs").forEach(d -> docs.add(d.asText()));
        for (String c : USED) {
          out.add(new Case(id + "/" + c, lang, c, true, held, q, docs, f.path(c).asText()));
        }
        for (String c : List.of("echo", "general", "hallucinated")) {
          out.add(new Case(id + "/" + c, lang, c, false, held, q, docs, f.path(c).asText()));
        }
        String contradiction =
            f.has("contradiction")
                ? f.path("contradiction").asText()
                : contradict(
                    f.path("numbered").asText(f.path("direct").asText()),
                    f.path("n").asText(),
                    docs,
                    random);
        out.add(
            new Case(
                id + "/contradiction", lang, "contradiction", false, held, q, docs, contradiction));
        List<String> pool = lang.equals("en") ? EN_REFUSALS : ZH_REFUSALS;
        String refusal = String.format(pool.get(random.nextInt(pool.size())), q);
        out.add(new Case(id + "/refusal", lang, "refusal", false, held, q, docs, refusal));
        JsonNode other;
        do {
          other = group.get(random.nextInt(group.size()));
        } while (other == f);
        out.add(
            new Case(
                id + "/off_topic",
                lang,
                "off_topic",
                false,
                held,
                q,
                docs,
                other.path("direct").asText()));
      }
    }
    return out;
  }

  /**
   * The answer with the number inside {@code n} (e.g. "14 days", "4片") replaced by another value.
   */
  static String contradict(String answer, String n, List<String> docs, Random random) {
    Matcher m = Pattern.compile("\\d+(?:\\.\\d+)?").matcher(n);
    if (!answer.contains(n) || !m.find()) {
      throw new IllegalStateException("fact answer '" + answer + "' does not contain '" + n + "'");
    }
    int old = (int) Double.parseDouble(m.group());
    String joined = String.join(" ", docs);
    int[] candidates = {old * 2, old * 3, old + 1, old * 5, old + 7, Math.max(2, old / 2)};
    int value;
    do {
      value = candidates[random.nextInt(candidates.length)];
    } while (value == old
        || value > 12 && n.contains("pm")
        || value > 23 && n.contains("点")
        || joined.matches("(?s).*\\D" + value + "\\D.*"));
    String replaced = n.substring(0, m.start()) + value + n.substring(m.end());
    return answer.replace(n, replaced);
  }

  static List<Case> hardCases() {
    List<Case> out = new ArrayList<>();
    try (InputStream in = RagCases.class.getResourceAsStream("/rag-context-use/hard-cases.jsonl")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode c = JSON.readTree(line);
        List<String> docs = new ArrayList<>();
        c.path("docs").forEach(d -> docs.add(d.asText()));
        out.add(
            new Case(
                c.path("id").asText(),
                c.path("lang").asText(),
                c.path("category").asText(),
                c.path("used").asBoolean(),
                c.path("split").asText().equals("holdout"),
                c.path("question").asText(),
                docs,
                c.path("answer").asText()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static JsonNode read(String name) {
    try (InputStream in = RagCases.class.getResourceAsStream("/rag-context-use/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
