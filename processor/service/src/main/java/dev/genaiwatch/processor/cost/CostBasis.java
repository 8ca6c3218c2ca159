package dev.genaiwatch.processor.cost;

/** How a call's cost was found: {@code genai_watch.cost.basis}. */
public enum CostBasis {
  /** Price table times the usage the server reported: what the provider bills. */
  PRICE_TABLE("price_table"),
  /** GPU price per hour times the server's inference time, shared by concurrent requests. */
  GPU_TIME_ESTIMATE("gpu_time_estimate");

  private final String label;

  CostBasis(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
