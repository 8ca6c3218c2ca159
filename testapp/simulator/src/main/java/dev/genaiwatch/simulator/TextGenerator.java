package dev.genaiwatch.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deterministic "model": turns a prompt into output pieces (one per output token).
 *
 * <p>The text is an answer from the simulator's {@link KnowledgeBase} (or from the documents a RAG
 * framework put into the message), of a length the question calls for ({@link KnowledgeAnswer}).
 *
 * <p>Output is a pure function of (server seed, model, prompt, choice index, request seed), so two
 * identical requests get identical text and tests can assert on exact content. Prompt markers let
 * tests pin the output: {@code [[echo]]} returns the prompt text without the marker (handy for
 * redaction tests), {@code [[tokens=N]]} forces exactly N output tokens.
 */
final class TextGenerator {

  static final String ECHO_MARKER = "[[echo]]";
  private static final Pattern TOKENS_MARKER = Pattern.compile("\\[\\[tokens=(\\d{1,7})]]");

  // Letters only, so the tokenizer splits generated text back into exactly these words (the
  // alternatives of synthesized logprobs).
  static final String[] VOCABULARY = {
    "the",
    "be",
    "to",
    "of",
    "and",
    "a",
    "in",
    "that",
    "have",
    "it",
    "for",
    "not",
    "on",
    "with",
    "he",
    "as",
    "you",
    "do",
    "at",
    "this",
    "but",
    "his",
    "by",
    "from",
    "they",
    "we",
    "say",
    "her",
    "she",
    "or",
    "an",
    "will",
    "my",
    "one",
    "all",
    "would",
    "there",
    "their",
    "what",
    "so",
    "up",
    "out",
    "if",
    "about",
    "who",
    "get",
    "which",
    "go",
    "me",
    "when",
    "make",
    "can",
    "like",
    "time",
    "no",
    "just",
    "him",
    "know",
    "take",
    "people",
    "into",
    "year",
    "your",
    "good",
    "some",
    "could",
    "them",
    "see",
    "other",
    "than",
    "then",
    "now",
    "look",
    "only",
    "come",
    "its",
    "over",
    "think",
    "also",
    "back",
    "after",
    "use",
    "two",
    "how",
    "our",
    "work",
    "first",
    "well",
    "way",
    "even",
    "new",
    "want",
    "because",
    "any",
    "these",
    "give",
    "day",
    "most",
    "us",
    "model",
    "system",
    "data",
    "token",
    "request",
    "answer",
    "question",
    "value",
    "result",
    "service",
    "latency",
    "cache",
    "memory",
    "server",
    "client",
    "stream",
    "signal",
    "metric",
    "trace",
    "span",
    "error",
    "number",
    "group",
    "problem",
    "fact",
    "place",
    "case",
    "point",
    "world",
    "hand",
    "part",
    "child",
    "eye",
    "week",
    "company",
    "life",
    "right",
    "level",
    "small",
    "large",
    "next",
    "early",
    "young",
    "important",
    "few",
    "public",
    "bad",
    "same",
    "able",
    "last",
    "long",
    "great",
    "little",
    "own",
    "old",
    "big",
    "high",
    "different",
    "local",
    "sure",
    "clear",
    "simple",
    "quick",
    "careful",
    "often",
    "always",
    "never",
    "still",
    "again",
    "here",
    "where",
    "why",
    "many",
    "much",
    "more",
    "less",
    "very",
    "each",
    "every",
    "both",
    "between",
    "through",
    "during",
    "before",
    "under",
    "around",
    "without",
    "within",
    "along",
    "across",
    "near",
    "light",
    "water",
    "river",
    "mountain",
    "city",
    "road",
    "house",
    "tree",
    "garden",
    "music",
    "story",
    "idea",
    "reason",
    "plan",
    "team",
    "energy",
    "power",
    "change",
    "future"
  };

  private TextGenerator() {}

  /** One choice's output: its streaming pieces (concatenate for the text) and finish reason. */
  record Generation(List<String> pieces, String finishReason, long seed) {
    String text() {
      return String.join("", pieces);
    }

    int tokens() {
      return pieces.size();
    }
  }

  /**
   * @param controlText the text scanned for markers: the last user message (chat) or the prompt
   * @param maxTokens max_tokens / max_completion_tokens, or null
   * @param stops stop sequences (may be empty)
   */
  static Generation generate(
      SimConfig config,
      String model,
      String promptText,
      String controlText,
      int choiceIndex,
      Long requestSeed,
      Integer maxTokens,
      List<String> stops) {
    long seed = Hashing.combine(Hashing.mix(config.seed()), model);
    seed = Hashing.combine(seed, promptText);
    seed = Hashing.combine(seed, choiceIndex);
    seed = Hashing.combine(seed, requestSeed == null ? 0x5eed_0000_0000_0000L : requestSeed);
    SplittableRandom rng = new SplittableRandom(seed);

    List<String> pieces;
    String control = controlText == null ? "" : controlText;
    if (control.contains(ECHO_MARKER)) {
      pieces = Tokenizer.pieces(control.replace(ECHO_MARKER, "").strip());
    } else {
      Matcher m = TOKENS_MARKER.matcher(control);
      KnowledgeBase knowledge = KnowledgeBase.builtIn();
      if (m.find()) {
        String question = TOKENS_MARKER.matcher(control).replaceAll("").strip();
        pieces = KnowledgeAnswer.pieces(knowledge, question, Integer.parseInt(m.group(1)), rng);
      } else {
        pieces = Tokenizer.pieces(KnowledgeAnswer.answer(knowledge, config, control, rng));
      }
    }

    String finish = "stop";
    int stopAt = firstStop(String.join("", pieces), stops);
    if (stopAt >= 0) {
      pieces = truncateToChars(pieces, stopAt);
    }
    if (maxTokens != null && pieces.size() > maxTokens) {
      pieces = new ArrayList<>(pieces.subList(0, maxTokens));
      finish = "length";
    }
    return new Generation(List.copyOf(pieces), finish, seed);
  }

  private static int firstStop(String text, List<String> stops) {
    int best = -1;
    for (String stop : stops) {
      if (stop == null || stop.isEmpty()) {
        continue;
      }
      int at = text.indexOf(stop);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
      }
    }
    return best;
  }

  /** Keeps exactly the first {@code chars} characters, splitting the piece that straddles them. */
  private static List<String> truncateToChars(List<String> pieces, int chars) {
    List<String> out = new ArrayList<>();
    int remaining = chars;
    for (String p : pieces) {
      if (remaining <= 0) {
        break;
      }
      if (p.length() <= remaining) {
        out.add(p);
        remaining -= p.length();
      } else {
        out.add(p.substring(0, remaining));
        remaining = 0;
      }
    }
    return out;
  }
}
