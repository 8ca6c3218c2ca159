package dev.genaiwatch.evaluation;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * bge-small-zh-v1.5 (BAAI; quantised ONNX, 512 dimensions, about 24 MB) in-process through LangChain4j's
 * ONNX runtime binding: the Chinese-capable embedder for RAG context use (all-MiniLM-L6-v2, which drift
 * uses, is English-only). It reads Chinese and English; for cross-language pairs it is weak, which is why
 * numbers and terms carry most of the decision (see {@link ContextUse}). One {@link #embed} call is one
 * batch. Thread-safe; the model loads on first use, so a processor that never sees a RAG span never pays.
 */
public final class BgeSmallZhEmbedder implements TextEmbedder {
  // 512 word pieces at most; a Chinese character is about one. Longer text only costs time.
  private static final int MAX_CHARS = 500;

  private volatile BgeSmallZhV15QuantizedEmbeddingModel model;

  private BgeSmallZhV15QuantizedEmbeddingModel model() {
    BgeSmallZhV15QuantizedEmbeddingModel loaded = model;
    if (loaded == null) {
      synchronized (this) {
        if (model == null) {
          // Runnable::run keeps the work on the calling thread, which is already the evaluator's worker.
          model = new BgeSmallZhV15QuantizedEmbeddingModel(Runnable::run);
        }
        loaded = model;
      }
    }
    return loaded;
  }

  @Override
  public float[][] embed(List<String> texts) {
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String t : texts) {
      String s = t == null || t.isBlank() ? "?" : t;
      segments.add(TextSegment.from(s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) : s));
    }
    List<Embedding> embeddings = model().embedAll(segments).content();
    float[][] vectors = new float[embeddings.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embeddings.get(i).vector();
    }
    return vectors;
  }
}
