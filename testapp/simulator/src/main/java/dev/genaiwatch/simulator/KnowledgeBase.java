package dev.genaiwatch.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the simulated model knows: topics of short, self-contained sentences (the resource {@code
 * knowledge-base.json}). A question is answered from the topic that shares the most content terms
 * with it ({@link #terms}), the {@code general} topic when none does; within the topic the
 * sentences that share most terms with the question come first. Sentences written in the other
 * script than the question's (Chinese for an English question, and back) are left out while the
 * topic has any in the question's script.
 */
final class KnowledgeBase {

  static final String RESOURCE = "knowledge-base.json";
  private static final String FALLBACK_TOPIC = "general";
  // Words that say how to ask rather than what about ("tell me about rivers").
  private static final Set<String> ASKING_WORDS =
      Set.of(
          "tell", "know", "want", "need", "please", "like", "would", "could", "should", "also",
          "more", "some", "any", "give", "show", "make", "where", "when", "there", "here");
  private static final KnowledgeBase BUILT_IN = load(RESOURCE);

  /** One sentence with its content terms, computed once. */
  record Fact(String sentence, Set<String> terms, boolean cjk) {
    static Fact of(String sentence) {
      return new Fact(sentence, KnowledgeBase.terms(sentence), hasCjk(sentence));
    }
  }

  record Topic(String name, List<Fact> facts, Set<String> terms) {}

  private final List<Topic> topics;
  private final Topic fallback;

  KnowledgeBase(List<Topic> topics) {
    if (topics.isEmpty()) {
      throw new IllegalArgumentException("a knowledge base needs at least one topic");
    }
    this.topics = List.copyOf(topics);
    this.fallback =
        topics.stream()
            .filter(t -> t.name().equals(FALLBACK_TOPIC))
            .findFirst()
            .orElse(topics.get(topics.size() - 1));
  }

  static KnowledgeBase builtIn() {
    return BUILT_IN;
  }

  static KnowledgeBase load(String resource) {
    try (InputStream in = KnowledgeBase.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("simulator resource " + resource + " is missing");
      }
      List<Topic> topics = new ArrayList<>();
      for (JsonNode topic : Json.MAPPER.readTree(in).path("topics")) {
        List<String> sentences = new ArrayList<>();
        topic.path("sentences").forEach(s -> sentences.add(s.asText()));
        topics.add(topic(topic.path("name").asText(), sentences));
      }
      return new KnowledgeBase(topics);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read simulator resource " + resource, e);
    }
  }

  static Topic topic(String name, List<String> sentences) {
    if (sentences.isEmpty()) {
      throw new IllegalArgumentException("knowledge-base topic '" + name + "' has no sentences");
    }
    List<Fact> facts = sentences.stream().map(Fact::of).toList();
    Set<String> terms = new HashSet<>();
    facts.forEach(f -> terms.addAll(f.terms()));
    return new Topic(name, facts, Set.copyOf(terms));
  }

  /** The topic sharing most content terms with the question; the fallback topic when none does. */
  Topic topicFor(Set<String> questionTerms) {
    Topic best = fallback;
    int bestShared = 0;
    for (Topic t : topics) {
      int shared = JudgeResponder.intersection(questionTerms, t.terms());
      if (shared > bestShared) {
        best = t;
        bestShared = shared;
      }
    }
    return best;
  }

  /**
   * The facts of {@code topic} to say, most relevant to the question first, ties in an order drawn
   * from {@code rng}; only those in the question's script when the topic has any.
   */
  static List<Fact> ranked(
      List<Fact> facts, Set<String> questionTerms, boolean cjkQuestion, SplittableRandom rng) {
    List<Fact> sameScript = facts.stream().filter(f -> f.cjk() == cjkQuestion).toList();
    List<Fact> pool = new ArrayList<>(sameScript.isEmpty() ? facts : sameScript);
    // Shuffle first, then a stable sort: equally relevant facts keep the drawn order.
    for (int i = pool.size() - 1; i > 0; i--) {
      pool.set(i, pool.set(rng.nextInt(i + 1), pool.get(i)));
    }
    pool.sort(
        Comparator.comparingInt(
            (Fact f) -> -JudgeResponder.intersection(questionTerms, f.terms())));
    return pool;
  }

  /**
   * The content terms the simulated judge reads ({@link JudgeResponder#terms}) without the words of
   * asking, stemmed the judge's way ({@link JudgeResponder#stem}), so "refunds" finds "refund".
   */
  static Set<String> terms(String text) {
    Set<String> terms = new HashSet<>();
    for (String t : JudgeResponder.terms(text)) {
      if (!ASKING_WORDS.contains(t)) {
        terms.add(JudgeResponder.stem(t));
      }
    }
    return terms;
  }

  /** Whether the text holds Chinese, Japanese or Korean characters. */
  static boolean hasCjk(String text) {
    return text.codePoints().anyMatch(JudgeResponder::isCjk);
  }
}
