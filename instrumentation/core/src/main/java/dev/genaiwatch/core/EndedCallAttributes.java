package dev.genaiwatch.core;

import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID;

import dev.genaiwatch.core.content.CallContent;
import dev.genaiwatch.core.content.CapturedContent;
import dev.genaiwatch.core.content.ContentCapture;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * The attributes an ended call's span gets from its text: response id and finish reasons (redacted
 * always), the content attributes (when capture is on) and the redaction count. Redaction and the
 * content JSON are most of the agent's work per call, so when the agent's span processor is there
 * ({@link ContentOnExport}) they are computed on the export thread, when the span is turned into
 * its exported data; otherwise on the thread that ends the call, before the span ends. Computed
 * once, whichever thread asks first; the raw text is released as soon as it is.
 */
public final class EndedCallAttributes {
  private final ContentCapture content;
  private final InstrumentationHealth health;
  private final String instrumentation;
  private final long inheritedRedactions;
  private CallContent text;
  private Attributes attributes;

  EndedCallAttributes(
      CallContent text,
      long inheritedRedactions,
      ContentCapture content,
      InstrumentationHealth health,
      String instrumentation) {
    this.text = text;
    this.inheritedRedactions = inheritedRedactions;
    this.content = content;
    this.health = health;
    this.instrumentation = instrumentation;
  }

  /** Characters of raw text this holds until {@link #get()} (0 once computed). */
  synchronized long textLength() {
    return text == null ? 0 : text.textLength();
  }

  /** The attributes; never throws (a failure is counted and leaves them empty). */
  public synchronized Attributes get() {
    if (attributes == null) {
      try {
        attributes = compute(text);
      } catch (Throwable t) {
        health.swallowed(instrumentation, t);
        attributes = Attributes.empty();
      } finally {
        text = null;
      }
    }
    return attributes;
  }

  private Attributes compute(CallContent text) {
    AttributesBuilder out = Attributes.builder();
    if (text.responseId() != null) {
      out.put(GEN_AI_RESPONSE_ID, content.redactAlways(text.responseId()));
    }
    if (!text.finishReasons().isEmpty()) {
      out.put(GEN_AI_RESPONSE_FINISH_REASONS, content.redactAll(text.finishReasons()));
    }
    CapturedContent captured = content.capture(text);
    if (captured == null) {
      if (inheritedRedactions > 0) {
        out.put(GenAiWatchAttributes.CONTENT_REDACTIONS, inheritedRedactions);
      }
      return out.build();
    }
    putIfPresent(out, GenAiWatchAttributes.GEN_AI_INPUT_MESSAGES, captured.inputMessagesJson());
    putIfPresent(
        out, GenAiWatchAttributes.GEN_AI_SYSTEM_INSTRUCTIONS, captured.systemInstructionsJson());
    putIfPresent(out, GenAiWatchAttributes.GEN_AI_OUTPUT_MESSAGES, captured.outputMessagesJson());
    out.put(GenAiWatchAttributes.CONTENT_REDACTIONS, captured.redactions() + inheritedRedactions);
    if (captured.truncated()) {
      out.put(GenAiWatchAttributes.CONTENT_TRUNCATED, true);
    }
    return out.build();
  }

  private static void putIfPresent(AttributesBuilder out, AttributeKey<String> key, String value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}
