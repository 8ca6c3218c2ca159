package dev.genaiwatch.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How much of a RAG answer came from its retrieved documents, beyond what the question already said.
 *
 * <p>The answer is split into sentences. A sentence is supported when it carries, beyond the question's
 * own words and numbers, something the documents hold: a quantity equal to one in the documents (after
 * unit normalisation, see {@link Quantities}), or a share of its new terms found in the documents of at
 * least {@code lexicalShare}, or, with an embedder, a closest document sentence at cosine {@code similarity}
 * or more that is also {@code margin} closer than the question is (so a sentence that merely restates the
 * question does not count). The score is the share of supported sentences.
 *
 * <p>The answer did not use its context when: it is a refusal or a non-answer; or it states a quantity that
 * contradicts a same-kind quantity in the documents (and not one from the question); or its score is below
 * {@code minScore}.
 */
final class ContextUse {

  /** Tuned on the labelled set's tuning part (see docs/evaluation.md); the held-out part was not used. */
  record Settings(double lexicalShare, double similarity, double margin, double minScore) {
    static final Settings DEFAULT = new Settings(0.5, 0.85, 0.10, 0.5);
  }

  record Result(double score, int sentences, int supported, boolean contradiction, String contradicted,
      boolean nonAnswer, boolean unused) {}

  private final Settings settings;

  ContextUse(Settings settings) {
    this.settings = settings;
  }

  Result evaluate(String question, List<String> documents, String answer, TextEmbedder embedderOrNull) {
    String q = question == null ? "" : question;
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

    double[][] sims = embedderOrNull == null ? null : similarities(q, documents, sentences, embedderOrNull);

    int supported = 0;
    String contradicted = null;
    for (int i = 0; i < sentences.size(); i++) {
      String s = sentences.get(i);
      boolean quantitySupport = false;
      for (Quantities.Quantity a : Quantities.of(s)) {
        if (matchesAny(a, questionQ)) {
          continue; // the question's own number says nothing about the documents
        }
        if (matchesAny(a, docQ)) {
          quantitySupport = true;
        } else if (a.isMeasure() && a.value() != 1 && hasKind(docQ, a.kind()) && contradicted == null) {
          // (a lone "one tablet", "一片" reads as the article as often as a number: no contradiction from it)
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
      boolean semantic = sims != null && novel > 0 && sims[i][0] >= settings.similarity()
          && sims[i][0] >= sims[i][1] + settings.margin();
      if (quantitySupport || lexical || semantic) {
        supported++;
      }
    }
    double score = sentences.isEmpty() ? 0 : (double) supported / sentences.size();
    boolean contradiction = contradicted != null;
    boolean unused = contradiction || score < settings.minScore();
    return new Result(score, sentences.size(), supported, contradiction, contradicted, false, unused);
  }

  /** Per answer sentence: {best cosine to a document sentence, cosine to the question}; one batch. */
  private static double[][] similarities(String question, List<String> documents, List<String> sentences,
      TextEmbedder embedder) {
    List<String> docSentences = new ArrayList<>();
    for (String d : documents) {
      docSentences.addAll(SupportTerms.sentences(d));
    }
    List<String> texts = new ArrayList<>(1 + sentences.size() + docSentences.size());
    texts.add(question.isBlank() ? "?" : question);
    texts.addAll(sentences);
    texts.addAll(docSentences);
    float[][] v = embedder.embed(texts);
    if (v == null || v.length != texts.size()) {
      throw new IllegalStateException("embedder returned " + (v == null ? "null" : v.length + " rows")
          + " for " + texts.size() + " texts");
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
