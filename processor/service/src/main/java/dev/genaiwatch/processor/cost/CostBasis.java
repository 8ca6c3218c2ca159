package dev.genaiwatch.processor.cost;

import java.util.Locale;

/** How a call's cost was found: {@code genai_watch.cost.basis}. */
public enum CostBasis {
  /** Price table times the usage the server reported: what the provider bills. */
  PRICE_TABLE,
  /** GPU price per hour times the server's inference time, shared by concurrent requests. */
  GPU_TIME_ESTIMATE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
