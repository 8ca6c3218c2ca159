package dev.genaiwatch.processor.drift;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (quantised ONNX, 384 dimensions, the model file LangChain4j ships) on its own
 * ONNX Runtime session with one intra-op thread: LangChain4j's model lets every run spread over all
 * cores, which on a busy 2-core host made each text cost more than twice as much (measured: 71
 * texts/s against 170 texts/s per thread), so the caller decides how many texts run in parallel.
 * Mean pooling over the attention mask and unit length, as LangChain4j does, so the vectors are
 * LangChain4j's (see MiniLmEmbedderTest). Thread-safe.
 */
public final class MiniLmEmbedder implements TextEmbedder {
  // MiniLM reads at most 256 word pieces; characters beyond what that many can hold only cost
  // tokenizer time.
  static final int MAX_CHARS = 1000;
  private static final String MAX_TOKENS = "256";
  private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
  private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

  private volatile Loaded loaded;

  private record Loaded(
      OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokens) {}

  /**
   * Cheap: the model (about a second to load and some 100 MB of native memory) is loaded by the
   * first {@link #embed} call, so a processor with embedding drift off never pays for it.
   */
  public MiniLmEmbedder() {}

  private Loaded loaded() {
    Loaded model = loaded;
    if (model == null) {
      synchronized (this) {
        if (loaded == null) {
          loaded = load();
        }
        model = loaded;
      }
    }
    return model;
  }

  private static Loaded load() {
    try (InputStream onnx = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(MODEL);
        InputStream tokenizer =
            AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(TOKENIZER)) {
      OrtEnvironment environment = OrtEnvironment.getEnvironment();
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.setIntraOpNumThreads(1);
      OrtSession session = environment.createSession(onnx.readAllBytes(), options);
      HuggingFaceTokenizer tokens =
          HuggingFaceTokenizer.newInstance(
              tokenizer, Map.of("padding", "false", "truncation", "true", "maxLength", MAX_TOKENS));
      return new Loaded(environment, session, tokens);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot load the MiniLM model", e);
    }
  }

  /**
   * One unit vector per text, in order, each from its own session run: the model quantises its
   * activations per run over the whole input tensor, so a padded batch would make a text's vector
   * depend on the texts beside it (up to 0.02 cosine distance from the text alone, measured), and
   * the cache would then hold whichever neighbours came first.
   */
  @Override
  public float[][] embed(List<String> texts) {
    Loaded model = loaded();
    float[][] vectors = new float[texts.size()][];
    for (int i = 0; i < vectors.length; i++) {
      vectors[i] = embed(model, texts.get(i));
    }
    return vectors;
  }

  private static float[] embed(Loaded model, String text) {
    Encoding encoding =
        model.tokens().encode(text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text);
    long[] mask = encoding.getAttentionMask();
    long[] shape = {1, mask.length};
    OrtEnvironment environment = model.environment();
    try (OnnxTensor ids =
            OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getIds()), shape);
        OnnxTensor attention = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
        OnnxTensor types =
            OnnxTensor.createTensor(environment, LongBuffer.wrap(encoding.getTypeIds()), shape);
        OrtSession.Result result =
            model
                .session()
                .run(
                    Map.of(
                        "input_ids", ids, "attention_mask", attention, "token_type_ids", types))) {
      float[][][] hidden = (float[][][]) result.get(0).getValue();
      return meanPooledUnit(hidden[0], mask);
    } catch (OrtException e) {
      throw new IllegalStateException("MiniLM inference failed", e);
    }
  }

  private static float[] meanPooledUnit(float[][] tokens, long[] mask) {
    float[] sum = new float[tokens[0].length];
    int counted = 0;
    for (int t = 0; t < tokens.length; t++) {
      if (mask[t] == 0) {
        continue;
      }
      counted++;
      for (int d = 0; d < sum.length; d++) {
        sum[d] += tokens[t][d];
      }
    }
    double norm = 0;
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= Math.max(1, counted);
      norm += sum[d] * (double) sum[d];
    }
    double length = Math.sqrt(norm);
    if (length > 0) {
      for (int d = 0; d < sum.length; d++) {
        sum[d] /= (float) length;
      }
    }
    return sum;
  }
}
