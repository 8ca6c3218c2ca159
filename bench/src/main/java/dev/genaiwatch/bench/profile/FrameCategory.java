package dev.genaiwatch.bench.profile;

import java.util.List;

/**
 * Where a sampled stack spends its time, named for the overhead breakdown. A stack belongs to the
 * first frame, from the leaf down, that is not JDK code: the agent's own classes (and the libraries
 * it shades under {@code dev.genaiwatch.shaded}) by their package, anything else (the application,
 * its SDK, its HTTP client) to {@link #APPLICATION}. So JDK work (regex, hash maps) is charged to
 * whoever called it, and the application's code running beneath one of the agent's wrappers (a
 * stream the agent observes) stays the application's.
 */
public enum FrameCategory {
  REDACTION("redaction", "dev.genaiwatch.core.redaction."),
  CONTENT_JSON(
      "content JSON (capture, message conversion)",
      "dev.genaiwatch.core.content.",
      "dev.genaiwatch.core.openai.",
      "dev.genaiwatch.core.model.GenAiMessage",
      "dev.genaiwatch.core.model.MessagePart",
      "dev.genaiwatch.shaded.com.fasterxml.jackson."),
  METRICS(
      "metrics recording",
      "dev.genaiwatch.core.GenAiMetrics",
      "dev.genaiwatch.core.InstrumentationHealth",
      "dev.genaiwatch.shaded.io.opentelemetry.sdk.metrics."),
  EXPORT(
      "OTLP marshalling and export (batch processor, exporter, its HTTP client)",
      "dev.genaiwatch.shaded.io.opentelemetry.sdk.trace.export.",
      "dev.genaiwatch.shaded.io.opentelemetry.exporter.",
      "dev.genaiwatch.shaded.io.opentelemetry.sdk.internal.",
      "dev.genaiwatch.shaded.okhttp3.",
      "dev.genaiwatch.shaded.okio.",
      "dev.genaiwatch.shaded.kotlin.",
      "dev.genaiwatch.agent.export."),
  WIRE_LEVEL(
      "wire level under the SDK (body buffering, SSE parsing)",
      "dev.genaiwatch.core.wire.",
      "dev.genaiwatch.instrumentation.jdkhttp",
      "dev.genaiwatch.instrumentation.okhttp"),
  CLASS_TRANSFORMATION(
      "class matching and weaving (method hooks, ASM)",
      "dev.genaiwatch.shaded.org.objectweb.asm.",
      "dev.genaiwatch.agent.weaving."),
  SPAN_BUILDING(
      "span building (GenAiInstrumenter, OpenTelemetry SDK spans, context)",
      "dev.genaiwatch.core.",
      "dev.genaiwatch.shaded.io.opentelemetry."),
  LIBRARY_INSTRUMENTATION(
      "library instrumentation (extractors, hooks, stream wrappers)",
      "dev.genaiwatch.instrumentation.",
      "dev.genaiwatch.agent."),
  APPLICATION("the application and its libraries (not the agent)"),
  JDK_ONLY("JDK frames only (threads of the JDK, e.g. the HTTP client's selector)");

  private final String label;
  private final List<String> prefixes;

  FrameCategory(String label, String... prefixes) {
    this.label = label;
    this.prefixes = List.of(prefixes);
  }

  public String label() {
    return label;
  }

  /** Whether the category is work the agent adds. */
  public boolean agent() {
    return this != APPLICATION && this != JDK_ONLY;
  }

  /** The category of a stack given its class names from the leaf down. */
  public static FrameCategory of(List<String> classNamesLeafFirst) {
    for (String className : classNamesLeafFirst) {
      if (isJdk(className)) {
        continue;
      }
      for (FrameCategory category : values()) {
        for (String prefix : category.prefixes) {
          if (className.startsWith(prefix)) {
            return category;
          }
        }
      }
      return APPLICATION;
    }
    return JDK_ONLY;
  }

  private static boolean isJdk(String className) {
    return className.startsWith("java.")
        || className.startsWith("jdk.")
        || className.startsWith("sun.")
        || className.startsWith("com.sun.");
  }
}
