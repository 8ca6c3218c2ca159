package dev.genaiwatch.processor.drift;

/** The per-call categories whose distribution drift is watched. */
public enum CategoricalFeature {
  FINISH_REASON("finish_reason"),
  ERROR_TYPE("error_type");

  private final String featureName;

  CategoricalFeature(String featureName) {
    this.featureName = featureName;
  }

  public String featureName() {
    return featureName;
  }
}
