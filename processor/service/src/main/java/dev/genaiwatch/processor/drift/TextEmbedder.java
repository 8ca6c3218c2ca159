package dev.genaiwatch.processor.drift;

import java.util.List;

/** What drift needs of a sentence embedding model: one vector per text, in order. Thread-safe. */
public interface TextEmbedder {
  float[][] embed(List<String> texts);
}
