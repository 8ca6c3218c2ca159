package dev.genaiwatch.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How much of a RAG answer came from its retrieved documents, beyond what the question already
 * said.
 *
 * <p>The answer is split into sentences. A sentence is supported when it carries, beyond the
 * question's own words and numbers, something the documents hold: a quantity equal to one in the
 * documents (after unit normalisation, see {@link Quantities}), or a share of its new terms found
 * in the documents of at least {@code lexicalShare}, or, with an embedder, a closest document
 * sentence at cosine {@code similarity} or more that is also {@code margin} closer than the
 * question is (so a sentence that merely restates the question does not count). The score is the
 * share of supported sentences. The embedder is asked only about sentences that terms and numbers
 * left unsupported, only when that can still change the verdict, and against at most the first
 * {@value #MAX_EMBEDDED_DOCUMENT_SENTENCES} document sentences.
 *
 * <p>The answer did not use its context when: it is a refusal or a non-answer; or it states a
 * quantity that contradicts a same-kind quantity in the documents (and not one from the question);
 * or its score is below {@code minScore}.
 */
final class ContextUse {

  /**
   * Tuned on the labelled set's tuning part (see docs/evaluation.md); the held-out part was not
   * used.
   */
  record Settings(double lexicalShare, double similarity, double margin, double minScore) {
    static final Settings DEFAULT = new Settings(0.5, 0.85, 0.10, 0.5);
  }

  record Result(
      double score,
      int sentences,
      int supported,
      boolean contradiction,
      String contradicted,
      boolean nonAnswer,
      boolean unused) {}

  private final Settings settings;

  ContextUse(Settings settings) {
    this.settings = settings;
  }

  Result evaluate(
      String question, List<String> documents, String answer, TextEmbedder embedderOrNull) {
    // Frameworks (LangChain4j's default content injector, many prompt templates) paste the
    // retrieved
    // documents into the user message: that part is context, not question, and must not be
    // discounted.
    String q = question == null ? "" : question;
    for (String d : documents) {
      if (d.length() >= 20) {
        q = q.replace(d.strip(), " ");
      }
    }
    List<String> sentences = SupportTerms.sentences(answer);
    if (RefusalDetector.isRefusalOrNonAnswer(answer)) {
      return new Result(0, sentences.size(), 0, false, null, true, true);
    }
    String context = String.join("\n", documents);
    Set<String> questionTerms = SupportTerms.of(q);
    Set<String> docTerms = SupportTerms.of(context);
    Set<String> docChars = SupportTerms.characters(context);
    List<Quantities.Quantity> questionQ = Quantities.of(q);
    List<Quantities.Quantity> docQ = Quantities.of(context);

    int supported = 0;
    String contradicted = null;
    List<Integer> undecided = new ArrayList<>();
    for (int i = 0; i < sentences.size(); i++) {
      String s = sentences.get(i);
      boolean quantitySupport = false;
      for (Quantities.Quantity a : Quantities.of(s)) {
        if (matchesAny(a, questionQ)) {
          continue; // the question's own number says nothing about the documents
        }
        if (matchesAny(a, docQ)) {
          quantitySupport = true;
        } else if (a.isMeasure()
            && a.value() != 1
            && hasKind(docQ, a.kind())
            && contradicted == null) {
          // (a lone "one tablet", "一片" reads as the article as often as a number: no contradiction
          // from it)
          contradicted = s;
        }
      }
      int novel = 0;
      int hits = 0;
      for (String t : SupportTerms.of(s)) {
        if (questionTerms.contains(t)) {
          continue;
        }
        novel++;
        if (docTerms.contains(t) || t.length() == 1 && docChars.contains(t)) {
          hits++;
        }
      }
      boolean lexical = hits > 0 && hits >= settings.lexicalShare() * novel;
      if (quantitySupport || lexical) {
        supported++;
      } else if (novel > 0) {
        undecided.add(i); // only these need the embedder
      }
    }
    // The embedder (the expensive part) runs only when it can still change the verdict.
    boolean undecidedVerdict =
        contradicted == null
            && !sentences.isEmpty()
            && (double) supported / sentences.size() < settings.minScore();
    if (embedderOrNull != null && !undecided.isEmpty() && undecidedVerdict) {
      List<String> open = new ArrayList<>(undecided.size());
      for (int i : undecided) {
        open.add(sentences.get(i));
      }
      for (double[] sim : similarities(q, documents, open, embedderOrNull)) {
        if (sim[0] >= settings.similarity() && sim[0] >= sim[1] + settings.margin()) {
          supported++;
        }
      }
    }
    double score = sentences.isEmpty() ? 0 : (double) supported / sentences.size();
    boolean contradiction = contradicted != null;
    boolean unused = contradiction || score < settings.minScore();
    return new Result(
        score, sentences.size(), supported, contradiction, contradicted, false, unused);
  }

  /**
   * Document sentences compared with the embedder, at most: the rest of a long context is not
   * embedded.
   */
  static final int MAX_EMBEDDED_DOCUMENT_SENTENCES = 16;

  /**
   * Per answer sentence: {best cosine to a document sentence, cosine to the question}; one batch.
   */
  private static double[][] similarities(
      String question, List<String> documents, List<String> sentences, TextEmbedder embedder) {
    List<String> docSentences = new ArrayList<>();
    for (String d : documents) {
      for (String ds : SupportTerms.sentences(d)) {
        if (docSentences.size() < MAX_EMBEDDED_DOCUMENT_SENTENCES) {
          docSentences.add(ds);
        }
      }
    }
    List<String> texts = new ArrayList<>(1 + sentences.size() + docSentences.size());
    texts.add(question.isBlank() ? "?" : question);
    texts.addAll(sentences);
    texts.addAll(docSentences);
    float[][] v = embedder.embed(texts);
    if (v == null || v.length != texts.size()) {
      throw new IllegalStateException(
          "embedder returned "
              + (v == null ? "null" : v.length + " rows")
              + " for "
              + texts.size()
              + " texts");
    }
    double[][] out = new double[sentences.size()][2];
    for (int i = 0; i < sentences.size(); i++) {
      float[] s = v[1 + i];
      double best = -1;
      for (int d = 0; d < docSentences.size(); d++) {
        best = Math.max(best, Heuristics.cosine(s, v[1 + sentences.size() + d]));
      }
      out[i][0] = best;
      out[i][1] = Heuristics.cosine(s, v[0]);
    }
    return out;
  }

  private static boolean matchesAny(Quantities.Quantity a, List<Quantities.Quantity> in) {
    for (Quantities.Quantity b : in) {
      if (a.matches(b)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasKind(List<Quantities.Quantity> in, String kind) {
    for (Quantities.Quantity b : in) {
      if (b.kind().equals(kind)) {
        return true;
      }
    }
    return false;
  }
}
