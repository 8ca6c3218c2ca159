package dev.genaiwatch.processor.drift;

/** Which text of a call is embedded. */
public enum EmbeddingFeature {
  PROMPT("prompt_embedding"),
  OUTPUT("output_embedding");

  private final String featureName;

  EmbeddingFeature(String featureName) {
    this.featureName = featureName;
  }

  public String featureName() {
    return featureName;
  }
}
