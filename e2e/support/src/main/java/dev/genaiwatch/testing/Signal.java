package dev.genaiwatch.testing;

import java.util.Locale;

/**
 * The three OTLP signals, each with the path an OTLP/HTTP exporter appends to the base endpoint.
 */
public enum Signal {
  TRACES,
  METRICS,
  LOGS;

  /**
   * {@code /v1/traces}, {@code /v1/metrics}, {@code /v1/logs}: the signal's name, as the
   * specification spells it.
   */
  public String httpPath() {
    return "/v1/" + name().toLowerCase(Locale.ROOT);
  }
}
