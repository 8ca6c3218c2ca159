package dev.genaiwatch.testing;

/** The three OTLP signals, each with the path an OTLP/HTTP exporter appends to the base endpoint. */
public enum Signal {
  TRACES("/v1/traces"),
  METRICS("/v1/metrics"),
  LOGS("/v1/logs");

  private final String httpPath;

  Signal(String httpPath) {
    this.httpPath = httpPath;
  }

  public String httpPath() {
    return httpPath;
  }
}
