package dev.genaiwatch.evaluation;

import java.util.List;

/** Turns texts into vectors (one row per text, in order); the processor supplies a local MiniLM. */
public interface TextEmbedder {
  float[][] embed(List<String> texts);
}
