package dev.genaiwatch.processor.drift;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;

/**
 * all-MiniLM-L6-v2 (quantised ONNX, 384 dimensions) running in-process through LangChain4j's ONNX
 * runtime binding. Same shape as the evaluation module's {@code TextEmbedder}, so one model serves
 * both. Thread-safe.
 */
public final class MiniLmEmbedder {
  // MiniLM reads at most 256 word pieces; longer text only costs time (it would be split and
  // averaged).
  private static final int MAX_CHARS = 1000;

  private volatile AllMiniLmL6V2QuantizedEmbeddingModel model;

  /**
   * Cheap: the model (about a second to load and some 100 MB of native memory) is loaded by the
   * first {@link #embed} call, so a processor with embedding drift off never pays for it.
   */
  public MiniLmEmbedder() {}

  private AllMiniLmL6V2QuantizedEmbeddingModel model() {
    AllMiniLmL6V2QuantizedEmbeddingModel loaded = model;
    if (loaded == null) {
      synchronized (this) {
        if (model == null) {
          // Runnable::run keeps the work on the calling thread, which is already a bounded
          // executor.
          model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
        }
        loaded = model;
      }
    }
    return loaded;
  }

  public float[][] embed(List<String> texts) {
    List<TextSegment> segments =
        texts.stream()
            .map(t -> TextSegment.from(t.length() > MAX_CHARS ? t.substring(0, MAX_CHARS) : t))
            .toList();
    List<Embedding> embeddings = model().embedAll(segments).content();
    float[][] vectors = new float[embeddings.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embeddings.get(i).vector();
    }
    return vectors;
  }
}
