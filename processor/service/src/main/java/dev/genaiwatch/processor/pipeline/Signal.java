package dev.genaiwatch.processor.pipeline;

/** The three OTLP signals, with their OTLP/HTTP paths. */
public enum Signal {
  TRACES("/v1/traces", "spans"),
  METRICS("/v1/metrics", "metrics"),
  LOGS("/v1/logs", "logs");

  private final String httpPath;
  private final String label;

  Signal(String httpPath, String label) {
    this.httpPath = httpPath;
    this.label = label;
  }

  public String httpPath() {
    return httpPath;
  }

  /** The value of the {@code signal} label on the processor's counters. */
  public String label() {
    return label;
  }
}
