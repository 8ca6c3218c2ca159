package dev.genaiwatch.processor.ui;

import dev.genaiwatch.processor.ProcessorConfig;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Settings of the processor's page: {@code ui.trace.url}, the link from a call to its trace in
 * Jaeger, Tempo or the like, e.g. {@code https://tempo.example/trace/{traceId}} (empty: no link).
 *
 * @param traceUrl the template, with {@value #TRACE_ID} where the trace id goes; empty when unset
 */
public record UiSettings(String traceUrl) {
  public static final String TRACE_ID = "{traceId}";

  public UiSettings {
    if (!traceUrl.isEmpty()) {
      if (!traceUrl.contains(TRACE_ID)) {
        throw new IllegalArgumentException(
            "configuration ui.trace.url must contain " + TRACE_ID + ", was '" + traceUrl + "'");
      }
      String scheme;
      try {
        scheme = new URI(traceUrl.replace(TRACE_ID, "0")).getScheme();
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(
            "configuration ui.trace.url is not a URL: '" + traceUrl + "' (" + e.getMessage() + ")",
            e);
      }
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException(
            "configuration ui.trace.url must be an http or https URL, was '" + traceUrl + "'");
      }
    }
  }

  public static UiSettings from(ProcessorConfig config) {
    return new UiSettings(config.string("ui.trace.url", ""));
  }
}
