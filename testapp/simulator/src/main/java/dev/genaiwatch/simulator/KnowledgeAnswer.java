package dev.genaiwatch.simulator;

import dev.genaiwatch.simulator.KnowledgeBase.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The simulated model's answer to one user message, from the {@link KnowledgeBase}.
 *
 * <ul>
 *   <li>Length: a plain question gets a target drawn from the configured output-token range; a
 *       request for detail ("explain", "step by step", "detailed", "comparison", "ausführlich", 详细,
 *       解释, ...) three to five times the range's top, so that a tight {@code max_tokens} truncates
 *       it. The answer stops at the first sentence end at or past the target, or when the topic has
 *       nothing more to say.
 *   <li>With retrieved documents in the message ({@link RetrievedContext}): when some document
 *       sentence shares at least {@value #DOCUMENT_SHARE_PERCENT}% of the question's terms (at
 *       least one), the answer quotes the document sentences, most relevant first; otherwise the
 *       documents do not cover the question and the model answers from what it knows, ignoring them
 *       (what a RAG check should flag).
 * </ul>
 */
final class KnowledgeAnswer {

  static final String GROUNDED_OPENER = "According to the documentation: ";
  static final int DOCUMENT_SHARE_PERCENT = 30;
  private static final Pattern DETAIL =
      Pattern.compile(
          "(?i)\\b(?:detail(?:ed|s)?|step by step|explain|comparison|compare|in depth)\\b"
              + "|ausführlich|详细|解释|步骤|理由");
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?。！？])\\s+|(?<=[。！？])");

  private KnowledgeAnswer() {}

  /** An answer of about the length the question asks for, ending at a sentence end. */
  static String answer(
      KnowledgeBase knowledge, SimConfig config, String userText, SplittableRandom rng) {
    RetrievedContext context = RetrievedContext.of(userText);
    int span = config.maxOutputTokens() - config.minOutputTokens() + 1;
    int target =
        DETAIL.matcher(context.question()).find()
            ? config.maxOutputTokens() * (3 + rng.nextInt(3))
            : config.minOutputTokens() + rng.nextInt(span);
    return compose(facts(knowledge, context, rng), target, false);
  }

  /** Exactly {@code tokens} tokens of answer, repeating what it knows when that is not enough. */
  static List<String> pieces(
      KnowledgeBase knowledge, String userText, int tokens, SplittableRandom rng) {
    List<Fact> facts = facts(knowledge, RetrievedContext.of(userText), rng);
    List<String> pieces = Tokenizer.pieces(compose(facts, tokens, true));
    return new ArrayList<>(pieces.subList(0, Math.min(tokens, pieces.size())));
  }

  /** Whether the simulated model would quote these documents for this question. */
  static boolean coversQuestion(List<Fact> documentFacts, Set<String> questionTerms) {
    int needed = Math.max(1, Math.round(questionTerms.size() * DOCUMENT_SHARE_PERCENT / 100f));
    return documentFacts.stream()
        .anyMatch(f -> JudgeResponder.intersection(questionTerms, f.terms()) >= needed);
  }

  private static List<Fact> facts(
      KnowledgeBase knowledge, RetrievedContext context, SplittableRandom rng) {
    Set<String> question = KnowledgeBase.terms(context.question());
    boolean cjk = KnowledgeBase.hasCjk(context.question());
    List<Fact> documentFacts = new ArrayList<>();
    for (String document : context.documents()) {
      for (String sentence : SENTENCE_END.split(document)) {
        if (!sentence.isBlank()) {
          documentFacts.add(Fact.of(sentence.strip()));
        }
      }
    }
    if (coversQuestion(documentFacts, question)) {
      List<Fact> quoted = KnowledgeBase.ranked(documentFacts, question, cjk, rng);
      Fact first = quoted.get(0);
      quoted.set(0, Fact.of(GROUNDED_OPENER + first.sentence()));
      return quoted;
    }
    return KnowledgeBase.ranked(knowledge.topicFor(question).facts(), question, cjk, rng);
  }

  /** Sentences joined until the text holds {@code target} tokens (cycling when asked to). */
  private static String compose(List<Fact> facts, int target, boolean cycle) {
    StringBuilder text = new StringBuilder();
    int tokens = 0;
    for (int i = 0; tokens < target && (cycle || i < facts.size()); i++) {
      String sentence = facts.get(i % facts.size()).sentence();
      if (text.length() > 0 && !KnowledgeBase.hasCjk(sentence)) {
        text.append(' ');
      }
      text.append(sentence);
      tokens += Tokenizer.count(sentence);
    }
    return text.toString();
  }
}
